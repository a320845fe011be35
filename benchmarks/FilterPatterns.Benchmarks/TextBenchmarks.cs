using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using FilterPatterns.Benchmarks.Workloads;

namespace FilterPatterns.Benchmarks;

/// <summary>
/// Unstructured text patterns over mixed text logs, beside the floor (a bare vectorized IndexOf over the same
/// bytes), .NET Regex (Compiled) and a straightforward string.Contains evaluator. Each method matches every event
/// of the workload once and returns the number of matches.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class TextBenchmarks : IThroughput
{
    private static readonly string[] s_eight = ["ERROR", "WARN", "Exception", "failed", "timeout", "denied", "refused", "FATAL"];

    private Workload _logs = null!;
    private FilterPattern _term = null!;
    private FilterPattern _phrase = null!;
    private FilterPattern _or2 = null!;
    private FilterPattern _or8 = null!;
    private FilterPattern _and2 = null!;
    private FilterPattern _and8 = null!;
    private FilterPattern _exclusion = null!;
    private FilterPattern _regex = null!;
    private Regex _dotnetTerm = null!;
    private Regex _dotnetOr8 = null!;
    private Regex _dotnetAnd8 = null!;
    private Regex _dotnetRegex = null!;

    public int EventsPerOperation => _logs.Count;

    public long BytesPerOperation => _logs.TotalBytes;

    [GlobalSetup]
    public void Setup()
    {
        _logs = Workload.TextLogs();
        _term = FilterPattern.Parse("ERROR");
        _phrase = FilterPattern.Parse("\"authentication failure\"");
        _or2 = FilterPattern.Parse("?ERROR ?FATAL");
        _or8 = FilterPattern.Parse(string.Join(' ', s_eight.Select(t => "?" + t)));
        _and2 = FilterPattern.Parse("error failed");
        _and8 = FilterPattern.Parse(string.Join(' ', s_eight));
        _exclusion = FilterPattern.Parse("error -timeout");
        _regex = FilterPattern.Parse(@"%\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d+%");
        _dotnetTerm = new Regex("ERROR", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _dotnetOr8 = new Regex(string.Join('|', s_eight), RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _dotnetAnd8 = new Regex("^" + string.Concat(s_eight.Select(t => $"(?=[\\s\\S]*{t})")), RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _dotnetRegex = new Regex(@"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}:\d+", RegexOptions.Compiled | RegexOptions.CultureInvariant);

        // Every variant must agree before anything is timed.
        Agree(FloorIndexOf(), FloorIndexOf_Utf16(), Term_Utf8(), Term_Utf16(), Term_Regex(), Term_Contains());
        Agree(Phrase_Floor(), Phrase_Utf8(), Phrase_Utf16());
        Agree(Or8_Regex(), Or8_Utf8(), Or8_Utf16(), Or8_Contains());
        Agree(And8_Regex(), And8_Utf8(), And8_Contains());
        Agree(Regex_DotNet(), Regex_Utf8(), Regex_Utf16());
        Agree(Buffer_FloorLines(), Buffer_EnumerateMatchingLines());
    }

    internal static void Agree(params int[] counts)
    {
        if (counts.Distinct().Count() != 1)
        {
            throw new InvalidOperationException($"benchmark variants disagree: {string.Join(", ", counts)}");
        }
    }

    private int Count(FilterPattern pattern)
    {
        var n = 0;
        foreach (var e in _logs.Utf8)
        {
            n += pattern.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    private int CountUtf16(FilterPattern pattern)
    {
        var n = 0;
        foreach (var e in _logs.Utf16)
        {
            n += pattern.IsMatch(e.AsSpan()) ? 1 : 0;
        }

        return n;
    }

    private int CountRegex(Regex regex)
    {
        var n = 0;
        foreach (var e in _logs.Utf16)
        {
            n += regex.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    // ---------------------------------------------------------------- one term, per event

    [Benchmark(Baseline = true), BenchmarkCategory("1 term")]
    public int FloorIndexOf()
    {
        var n = 0;
        foreach (var e in _logs.Utf8)
        {
            n += e.AsSpan().IndexOf("ERROR"u8) >= 0 ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("1 term")]
    public int FloorIndexOf_Utf16()
    {
        var n = 0;
        foreach (var e in _logs.Utf16)
        {
            n += e.AsSpan().IndexOf("ERROR") >= 0 ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("1 term")]
    public int Term_Utf8() => Count(_term);

    [Benchmark, BenchmarkCategory("1 term")]
    public int Term_Utf16() => CountUtf16(_term);

    [Benchmark, BenchmarkCategory("1 term")]
    public int Term_Regex() => CountRegex(_dotnetTerm);

    [Benchmark, BenchmarkCategory("1 term")]
    public int Term_Contains()
    {
        var n = 0;
        foreach (var e in _logs.Utf16)
        {
            n += e.Contains("ERROR", StringComparison.Ordinal) ? 1 : 0;
        }

        return n;
    }

    // ---------------------------------------------------------------- a phrase

    [Benchmark(Baseline = true), BenchmarkCategory("phrase")]
    public int Phrase_Floor()
    {
        var n = 0;
        foreach (var e in _logs.Utf8)
        {
            n += e.AsSpan().IndexOf("authentication failure"u8) >= 0 ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("phrase")]
    public int Phrase_Utf8() => Count(_phrase);

    [Benchmark, BenchmarkCategory("phrase")]
    public int Phrase_Utf16() => CountUtf16(_phrase);

    // ---------------------------------------------------------------- whole buffer

    [Benchmark(Baseline = true), BenchmarkCategory("buffer")]
    public int Buffer_FloorScan()
    {
        var n = 0;
        ReadOnlySpan<byte> rest = _logs.Buffer;
        int at;
        while ((at = rest.IndexOf("ERROR"u8)) >= 0)
        {
            n++;
            rest = rest[(at + 5)..];
        }

        return n;
    }

    /// <summary>The floor with line boundaries: how many lines contain the term (used to check the enumerator).</summary>
    public int Buffer_FloorLines()
    {
        var n = 0;
        ReadOnlySpan<byte> rest = _logs.Buffer;
        int at;
        while ((at = rest.IndexOf("ERROR"u8)) >= 0)
        {
            n++;
            var end = rest[at..].IndexOf((byte)'\n');
            rest = rest[(at + end + 1)..];
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("buffer")]
    public int Buffer_EnumerateMatchingLines()
    {
        var n = 0;
        foreach (var _ in _term.EnumerateMatchingLines(_logs.Buffer))
        {
            n++;
        }

        return n;
    }

    // ---------------------------------------------------------------- several terms

    [Benchmark(Baseline = true), BenchmarkCategory("OR 8")]
    public int Or8_Regex() => CountRegex(_dotnetOr8);

    [Benchmark, BenchmarkCategory("OR 8")]
    public int Or2_Utf8() => Count(_or2);

    [Benchmark, BenchmarkCategory("OR 8")]
    public int Or8_Utf8() => Count(_or8);

    [Benchmark, BenchmarkCategory("OR 8")]
    public int Or8_Utf16() => CountUtf16(_or8);

    [Benchmark, BenchmarkCategory("OR 8")]
    public int Or8_Contains()
    {
        var n = 0;
        foreach (var e in _logs.Utf16)
        {
            n += s_eight.Any(t => e.Contains(t, StringComparison.Ordinal)) ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("AND 8")]
    public int And8_Regex() => CountRegex(_dotnetAnd8);

    [Benchmark, BenchmarkCategory("AND 8")]
    public int And2_Utf8() => Count(_and2);

    [Benchmark, BenchmarkCategory("AND 8")]
    public int And8_Utf8() => Count(_and8);

    [Benchmark, BenchmarkCategory("AND 8")]
    public int Exclusion_Utf8() => Count(_exclusion);

    [Benchmark, BenchmarkCategory("AND 8")]
    public int And8_Contains()
    {
        var n = 0;
        foreach (var e in _logs.Utf16)
        {
            n += s_eight.All(t => e.Contains(t, StringComparison.Ordinal)) ? 1 : 0;
        }

        return n;
    }

    // ---------------------------------------------------------------- regular expression

    [Benchmark(Baseline = true), BenchmarkCategory("regex")]
    public int Regex_DotNet() => CountRegex(_dotnetRegex);

    [Benchmark, BenchmarkCategory("regex")]
    public int Regex_Utf8() => Count(_regex);

    [Benchmark, BenchmarkCategory("regex")]
    public int Regex_Utf16() => CountUtf16(_regex);
}
