namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>
/// A kinesalite (Kinesis emulator) for the integration tests: the one named by <c>KINESIS_ENDPOINT</c> if set
/// (<c>scripts/test.sh</c> starts one for the whole run), else a private instance started through
/// <c>scripts/kinesalite.sh</c> (which installs the pinned version into <c>.tools/</c> on first use) and stopped when
/// the tests end.
/// </summary>
#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.DisposeAsync.
public sealed class KinesaliteFixture : IAsyncLifetime
#pragma warning restore CA1001
{
    private KinesaliteProcess? _process;

    public Uri Endpoint { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("KINESIS_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Endpoint = new Uri(configured.Trim());
            return;
        }

        _process = new KinesaliteProcess();
        await _process.StartAsync();
        Endpoint = _process.Endpoint;
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "kinesalite.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/kinesalite.sh not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class KinesaliteGroup : ICollectionFixture<KinesaliteFixture>
{
    public const string Name = "kinesalite";
}
