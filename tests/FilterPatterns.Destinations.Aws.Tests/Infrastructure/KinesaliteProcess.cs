using System.Diagnostics;
using System.Globalization;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>
/// One kinesalite process managed through <c>scripts/kinesalite.sh</c> with a private state folder: started, stopped and
/// started again on the same port. With <c>persistent</c>, its streams and records live in LevelDB in that folder and
/// survive a restart, as a real Kinesis stream survives an endpoint going away.
/// </summary>
internal sealed class KinesaliteProcess : IAsyncDisposable
{
    private readonly string _script = Path.Combine(KinesaliteFixture.RepositoryRoot(), "scripts", "kinesalite.sh");
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("kinesalite-tests-").FullName;
    private readonly bool _persistent;
    private int _port;

    public KinesaliteProcess(bool persistent = false, int port = 0)
    {
        _persistent = persistent;
        _port = port;
    }

    public Uri Endpoint { get; private set; } = null!;

    public bool IsRunning { get; private set; }

    /// <summary>Starts it (installing on first use); after a stop, on the same port with the same data.</summary>
    public async Task StartAsync()
    {
        var output = await RunScriptAsync("start", TimeSpan.FromMinutes(3));
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("KINESIS_ENDPOINT=", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"scripts/kinesalite.sh start printed no endpoint:\n{output}");
        Endpoint = new Uri(line["KINESIS_ENDPOINT=".Length..]);
        _port = Endpoint.Port;
        IsRunning = true;
    }

    /// <summary>Stops the process (SIGTERM): open connections are reset, new ones refused.</summary>
    public async Task StopAsync()
    {
        await RunScriptAsync("stop", TimeSpan.FromSeconds(30));
        IsRunning = false;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    private async Task<string> RunScriptAsync(string verb, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash", [_script, verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["KINESALITE_STATE_DIR"] = _stateDirectory;
        start.Environment["KINESALITE_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        start.Environment["KINESALITE_PORT"] = _port.ToString(CultureInfo.InvariantCulture);
        start.Environment["KINESALITE_PATH"] = _persistent ? Path.Combine(_stateDirectory, "data") : "";
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
}
