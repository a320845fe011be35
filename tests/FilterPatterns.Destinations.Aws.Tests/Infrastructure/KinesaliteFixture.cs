using System.Diagnostics;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>
/// A kinesalite (Kinesis emulator) for the integration tests: the one named by <c>KINESIS_ENDPOINT</c> if set,
/// else a private instance started through <c>scripts/kinesalite.sh</c> (which installs the pinned version into
/// <c>.tools/</c> on first use) and stopped when the tests end.
/// </summary>
public sealed class KinesaliteFixture : IAsyncLifetime
{
    private string? _stateDirectory;
    private string? _script;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>How long starting took (zero when an external instance was used).</summary>
    public TimeSpan StartTime { get; private set; }

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("KINESIS_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Endpoint = new Uri(configured.Trim());
            return;
        }

        _script = Path.Combine(RepositoryRoot(), "scripts", "kinesalite.sh");
        _stateDirectory = Directory.CreateTempSubdirectory("kinesalite-tests-").FullName;
        var watch = Stopwatch.StartNew();
        var output = await RunScriptAsync("start", TimeSpan.FromMinutes(3));
        StartTime = watch.Elapsed;
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("KINESIS_ENDPOINT=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"scripts/kinesalite.sh start printed no endpoint:\n{output}");
        Endpoint = new Uri(line["KINESIS_ENDPOINT=".Length..]);
    }

    public async Task DisposeAsync()
    {
        if (_stateDirectory is null)
        {
            return;
        }

        try
        {
            await RunScriptAsync("stop", TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private async Task<string> RunScriptAsync(string verb, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", [_script!, verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KINESALITE_STATE_DIR"] = _stateDirectory;
        start.Environment["KINESALITE_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/kinesalite.sh {verb} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return await stdout;
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
