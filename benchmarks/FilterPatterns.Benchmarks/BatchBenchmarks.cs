using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FilterPatterns.Benchmarks.Workloads;

namespace FilterPatterns.Benchmarks;

/// <summary>
/// 100 text metric filters over one batch of text logs (a log group may have 100 metric filters and 2 subscription
/// filters): one pattern, 100 patterns matched one by one, and the 100 as a <see cref="FilterPatternSet"/>.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class BatchBenchmarks : IThroughput
{
    private static readonly string[] s_terms =
    [
        "ERROR", "WARN", "FATAL", "INFO", "error", "failed", "timeout", "denied", "refused", "Exception", "Connection",
        "closed", "opened", "session", "authentication failure", "user", "root", "kernel", "started", "Stopping",
        "unknown", "invalid", "disk", "memory", "ssh", "java", "null", "retry", "block", "port",
    ];

    private Workload _logs = null!;
    private FilterPattern _oneText = null!;
    private FilterPattern[] _text = null!;
    private FilterPatternSet _textSet = null!;
    private bool[] _results = null!;

    public int EventsPerOperation => _logs.Count;

    public long BytesPerOperation => _logs.TotalBytes;

    /// <summary>100 text patterns over 30 terms: single terms, AND pairs, OR pairs and exclusions.</summary>
    public static string[] TextPatterns()
    {
        var random = new Random(42);
        static string Term(string t) => t.Contains(' ', StringComparison.Ordinal) ? $"\"{t}\"" : t;
        return [.. Enumerable.Range(0, 100).Select(i => (i % 4) switch
        {
            0 => Term(s_terms[i % s_terms.Length]),
            1 => $"{Term(s_terms[random.Next(s_terms.Length)])} {Term(s_terms[random.Next(s_terms.Length)])}",
            2 => $"?{Term(s_terms[random.Next(s_terms.Length)])} ?{Term(s_terms[random.Next(s_terms.Length)])}",
            _ => $"{Term(s_terms[random.Next(s_terms.Length)])} -{Term(s_terms[random.Next(s_terms.Length)])}",
        })];
    }

    /// <summary>100 JSON patterns over the values the CloudTrail workload actually holds.</summary>
    public static string[] JsonPatterns(Workload trail)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in trail.Utf8.Take(2000))
        {
            using var document = JsonDocument.Parse(e);
            if (document.RootElement.TryGetProperty("eventName", out var name) && name.ValueKind == JsonValueKind.String)
            {
                names.Add(name.GetString()!);
            }

            if (document.RootElement.TryGetProperty("eventSource", out var source) && source.ValueKind == JsonValueKind.String)
            {
                sources.Add(source.GetString()!);
            }
        }

        string[] n = [.. names];
        string[] s = [.. sources];
        return [.. Enumerable.Range(0, 100).Select(i => (i % 4) switch
        {
            0 => $"{{ $.eventName = \"{n[i % n.Length]}\" }}",
            1 => $"{{ $.eventSource = \"{s[i % s.Length]}\" && $.errorCode = \"*\" }}",
            2 => $"{{ ($.eventName = \"{n[(i * 7) % n.Length]}\") || ($.eventName = \"{n[(i * 11) % n.Length]}\") }}",
            _ => $"{{ $.userIdentity.type = \"{(i % 8 == 3 ? "Root" : "IAMUser")}\" && $.eventName = \"{n[(i * 3) % n.Length]}*\" }}",
        })];
    }

    [GlobalSetup]
    public void Setup()
    {
        _logs = Workload.TextLogs();
        _oneText = FilterPattern.Parse("ERROR");
        _text = [.. TextPatterns().Select(FilterPattern.Parse)];
        _textSet = new FilterPatternSet(_text);
        _results = new bool[100];
        TextBenchmarks.Agree(Text_100_OneByOne(), Text_100_Set());
    }

    [Benchmark(Baseline = true), BenchmarkCategory("text")]
    public int Text_1()
    {
        var n = 0;
        foreach (var e in _logs.Utf8)
        {
            n += _oneText.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("text")]
    public int Text_100_OneByOne()
    {
        var n = 0;
        foreach (var e in _logs.Utf8)
        {
            foreach (var pattern in _text)
            {
                n += pattern.IsMatch(e) ? 1 : 0;
            }
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("text")]
    public int Text_100_Set()
    {
        var n = 0;
        foreach (var e in _logs.Utf8)
        {
            n += _textSet.IsMatch(e, _results);
        }

        return n;
    }
}

/// <summary>100 JSON metric filters over one batch of CloudTrail records (see <see cref="BatchBenchmarks"/>).</summary>
[Config(typeof(BenchmarkConfig))]
public class JsonBatchBenchmarks : IThroughput
{
    private Workload _trail = null!;
    private FilterPattern _oneJson = null!;
    private FilterPattern[] _json = null!;
    private FilterPatternSet _jsonSet = null!;
    private bool[] _results = null!;

    public int EventsPerOperation => _trail.Count;

    public long BytesPerOperation => _trail.TotalBytes;

    [GlobalSetup]
    public void Setup()
    {
        _trail = Workload.CloudTrail();
        _oneJson = FilterPattern.Parse(JsonBenchmarks.NoMfa);
        _json = [.. BatchBenchmarks.JsonPatterns(_trail).Select(FilterPattern.Parse)];
        _jsonSet = new FilterPatternSet(_json);
        _results = new bool[100];
        TextBenchmarks.Agree(Json_100_OneByOne(), Json_100_Set());
    }

    [Benchmark(Baseline = true), BenchmarkCategory("json")]
    public int Json_1()
    {
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            n += _oneJson.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("json")]
    public int Json_100_OneByOne()
    {
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            foreach (var pattern in _json)
            {
                n += pattern.IsMatch(e) ? 1 : 0;
            }
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("json")]
    public int Json_100_Set()
    {
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            n += _jsonSet.IsMatch(e, _results);
        }

        return n;
    }
}
