using System.Text;

namespace FilterPatterns.Benchmarks.Workloads;

/// <summary>
/// A set of log events in every form the benchmarks need: UTF-8 per event, UTF-16 per event, and one
/// newline-delimited UTF-8 buffer. Built from <c>shared/corpus</c> (read in place, never copied) when present,
/// otherwise from <see cref="SyntheticLogs"/>.
/// </summary>
public sealed class Workload
{
    private Workload(string name, string source, IReadOnlyList<string> events)
    {
        Name = name;
        Source = source;
        Utf16 = [.. events];
        Utf8 = [.. events.Select(Encoding.UTF8.GetBytes)];
        Buffer = Encoding.UTF8.GetBytes(string.Join('\n', events) + "\n");
        TotalBytes = Utf8.Sum(e => (long)e.Length);
    }

    public string Name { get; }

    /// <summary>Where the events came from (corpus files or "generated").</summary>
    public string Source { get; }

    public string[] Utf16 { get; }

    public byte[][] Utf8 { get; }

    /// <summary>All events, each followed by '\n'.</summary>
    public byte[] Buffer { get; }

    public long TotalBytes { get; }

    public int Count => Utf16.Length;

    /// <summary>Set by the benchmark smoke test: small workloads, so every benchmark runs once in milliseconds.</summary>
    public static bool Quick { get; set; }

    private static int Target => Quick ? 200 : 20_000;

    /// <summary>Mixed text logs: loghub (16 systems) or generated application lines.</summary>
    public static Workload TextLogs() =>
        FromCorpus("text", ["loghub"], "*.log") ?? Generated("text", SyntheticLogs.TextLine);

    /// <summary>CloudTrail records: stratus-red-team detonations and the CloudTrail guide's examples, or generated.</summary>
    public static Workload CloudTrail() =>
        FromCorpus("cloudtrail", ["cloudtrail"], "*.jsonl") ?? Generated("cloudtrail", SyntheticLogs.CloudTrailJson);

    /// <summary>Apache combined access logs (elastic/examples) or generated.</summary>
    public static Workload AccessLogs() =>
        FromCorpus("access", ["access"], "*.log") ?? Generated("access", SyntheticLogs.AccessLine);

    /// <summary>VPC flow logs: generated on the v2 default format (the corpus has only a handful of real ones).</summary>
    public static Workload VpcFlowLogs() => Generated("vpcflow", SyntheticLogs.VpcFlowLine);

    private static Workload Generated(string name, Func<Random, int, string> line) =>
        new(name, "generated", [.. SyntheticLogs.Lines(line, Target, seed: 7)]);

    private static Workload? FromCorpus(string name, string[] folders, string pattern)
    {
        var corpus = CorpusDirectory();
        if (corpus is null)
        {
            return null;
        }

        var files = folders.SelectMany(f => Directory.Exists(Path.Combine(corpus, f))
                ? Directory.EnumerateFiles(Path.Combine(corpus, f), pattern)
                : [])
            .Order(StringComparer.Ordinal)
            .ToList();
        var events = files.SelectMany(File.ReadLines).Where(l => l.Length > 0).ToList();
        if (events.Count == 0)
        {
            return null;
        }

        // Scale small corpora up by repetition (matching cost does not depend on an event being seen before).
        var scaled = new List<string>(Math.Max(events.Count, Target));
        while (scaled.Count < Target)
        {
            scaled.AddRange(events.Take(Target - scaled.Count));
        }

        return new Workload(name, string.Join(", ", files.Select(Path.GetFileName)), Quick ? scaled.Take(Target).ToList() : scaled);
    }

    /// <summary><c>$FILTERPATTERNS_CORPUS</c>, else <c>../shared/corpus</c> next to the repository, else null.</summary>
    public static string? CorpusDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("FILTERPATTERNS_CORPUS");
        if (!string.IsNullOrEmpty(configured))
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FilterPatterns.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                return Directory.Exists(corpus) ? corpus : null;
            }
        }

        return null;
    }

    public override string ToString() => $"{Name} ({Count} events, {TotalBytes / 1024} KiB, from {Source})";
}
