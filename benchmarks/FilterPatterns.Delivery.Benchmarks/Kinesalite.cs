using System.Diagnostics;
using System.Globalization;

namespace FilterPatterns.Delivery.Benchmarks;

/// <summary>A private kinesalite started and stopped through <c>scripts/kinesalite.sh</c> (installed from npm on first use).</summary>
internal sealed class Kinesalite : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _state = Directory.CreateTempSubdirectory("kinesalite-bench-").FullName;

    private Kinesalite(string script) => _script = script;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The node process, for its CPU time.</summary>
    public int ProcessId { get; private set; }

    public static async Task<Kinesalite> StartAsync()
    {
        var kinesalite = new Kinesalite(Path.Combine(RepositoryRoot(), "scripts", "kinesalite.sh"));
        var output = await kinesalite.RunAsync("start");
        var line = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("KINESIS_ENDPOINT=", StringComparison.Ordinal));
        kinesalite.Endpoint = new Uri(line["KINESIS_ENDPOINT=".Length..]);
        kinesalite.ProcessId = int.Parse(File.ReadAllText(Path.Combine(kinesalite._state, "pid")).Trim(), CultureInfo.InvariantCulture);
        return kinesalite;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("stop");
        Directory.Delete(_state, recursive: true);
    }

    private async Task<string> RunAsync(string verb)
    {
        var start = new ProcessStartInfo("bash", [_script, verb]) { RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["KINESALITE_STATE_DIR"] = _state;
        start.Environment["KINESALITE_OWNER_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"scripts/kinesalite.sh {verb} failed ({process.ExitCode})");
    }

    private static string RepositoryRoot()
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

/// <summary>CPU time of another process, from /proc (Linux).</summary>
internal static class ProcessCpu
{
    public static TimeSpan Of(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime + stime
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }
}
