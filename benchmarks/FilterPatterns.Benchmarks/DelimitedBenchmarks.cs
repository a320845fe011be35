using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using FilterPatterns.Benchmarks.Workloads;

namespace FilterPatterns.Benchmarks;

/// <summary>
/// Space-delimited patterns over Apache access logs and VPC flow logs, beside a straightforward evaluator that splits
/// each event with <see cref="string.Split(char, StringSplitOptions)"/> (re-joining quoted and bracketed fields), a
/// compiled .NET <see cref="Regex"/> written for the same job on these formats, and the floor: a bare per-event
/// <c>IndexOf</c> of one literal the pattern needs (its count is not the pattern's answer, only the cost of reading).
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class DelimitedBenchmarks : IThroughput
{
    private Workload _access = null!;
    private Workload _vpc = null!;
    private FilterPattern _prefix = null!;
    private FilterPattern _suffix = null!;
    private FilterPattern _reject = null!;

    // Apache combined: ip ident user [timestamp] "request" status size "referrer" "agent".
    private readonly Regex _prefixRegex = new(@"^\S+ +\S+ +\S+ +\[[^\]]*\] +""[^""]*\.php[^""]*"" +4\S*( |$)", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    // The last four fields: status 404, a size above 1000 (as an integer), two quoted fields.
    private readonly Regex _suffixRegex = new(
        @" 404 +(?:[1-9]\d{4,}|[2-9]\d{3}|1(?:00[1-9]|0[1-9]\d|[1-9]\d{2})) +""[^""]*"" +""[^""]*"" *$",
        RegexOptions.Compiled | RegexOptions.CultureInvariant);

    // Exactly 14 fields, the 7th 22, the 8th 6, the 13th REJECT.
    private readonly Regex _vpcRegex = new(@"^(?:\S+ +){6}22 +6 +(?:\S+ +){4}REJECT +\S+ *$", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public int EventsPerOperation => _access.Count;

    public long BytesPerOperation => _access.TotalBytes;

    [GlobalSetup]
    public void Setup()
    {
        _access = Workload.AccessLogs();
        _vpc = Workload.VpcFlowLogs();
        _prefix = FilterPattern.Parse("[ip, id, user, timestamp, request = *.php*, status_code = 4*, ...]");
        _suffix = FilterPattern.Parse("[..., status_code = 404, size > 1000, referrer, agent]");
        _reject = FilterPattern.Parse("[version, account, eni, source, destination, srcport, destport = 22, protocol = 6, packets, bytes, start, end, action = REJECT, status]");
        TextBenchmarks.Agree(Prefix_Utf8(), Prefix_Utf16(), Prefix_Split(), Prefix_Regex());
        TextBenchmarks.Agree(Suffix_Utf8(), Suffix_Split(), Suffix_Regex());
        TextBenchmarks.Agree(Vpc_Utf8(), Vpc_Split(), Vpc_Regex());
    }

    /// <summary>The straightforward way: split on spaces, then glue "quoted" and [bracketed] fields back together.</summary>
    public static List<string> SplitFields(string line)
    {
        var fields = new List<string>();
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var close = part[0] == '"' ? '"' : part[0] == '[' ? ']' : '\0';
            if (close == '\0')
            {
                fields.Add(part);
                continue;
            }

            var joined = part;
            while (!(joined.Length > 1 && joined[^1] == close) && i + 1 < parts.Length)
            {
                joined += " " + parts[++i];
            }

            fields.Add(joined.Length > 1 && joined[^1] == close ? joined[1..^1] : joined[1..]);
        }

        return fields;
    }

    private static bool IsNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !text.Contains(',', StringComparison.Ordinal);

    private static int Floor(Workload workload, ReadOnlySpan<byte> literal)
    {
        var n = 0;
        foreach (var e in workload.Utf8)
        {
            n += e.AsSpan().IndexOf(literal) >= 0 ? 1 : 0;
        }

        return n;
    }

    private static int Count(Regex regex, Workload workload)
    {
        var n = 0;
        foreach (var e in workload.Utf16)
        {
            n += regex.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    private static int Count(FilterPattern pattern, Workload workload)
    {
        var n = 0;
        foreach (var e in workload.Utf8)
        {
            n += pattern.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("prefix")]
    public int Prefix_Split()
    {
        var n = 0;
        foreach (var e in _access.Utf16)
        {
            var f = SplitFields(e);
            n += f.Count >= 6 && f[4].Contains(".php", StringComparison.Ordinal) && f[5].StartsWith('4') ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("prefix")]
    public int Prefix_Floor() => Floor(_access, ".php"u8);

    [Benchmark, BenchmarkCategory("prefix")]
    public int Prefix_Regex() => Count(_prefixRegex, _access);

    [Benchmark, BenchmarkCategory("prefix")]
    public int Prefix_Utf8() => Count(_prefix, _access);

    [Benchmark, BenchmarkCategory("prefix")]
    public int Prefix_Utf16()
    {
        var n = 0;
        foreach (var e in _access.Utf16)
        {
            n += _prefix.IsMatch(e.AsSpan()) ? 1 : 0;
        }

        return n;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("suffix")]
    public int Suffix_Split()
    {
        var n = 0;
        foreach (var e in _access.Utf16)
        {
            var f = SplitFields(e);
            n += f.Count >= 4 && IsNumber(f[^4], out var status) && status == 404 && IsNumber(f[^3], out var size) && size > 1000 ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("suffix")]
    public int Suffix_Floor() => Floor(_access, " 404 "u8);

    [Benchmark, BenchmarkCategory("suffix")]
    public int Suffix_Regex() => Count(_suffixRegex, _access);

    [Benchmark, BenchmarkCategory("suffix")]
    public int Suffix_Utf8() => Count(_suffix, _access);

    [Benchmark(Baseline = true), BenchmarkCategory("vpc")]
    public int Vpc_Split()
    {
        var n = 0;
        foreach (var e in _vpc.Utf16)
        {
            var f = SplitFields(e);
            n += f.Count == 14 && IsNumber(f[6], out var port) && port == 22 && IsNumber(f[7], out var protocol) && protocol == 6 && f[12] == "REJECT" ? 1 : 0;
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("vpc")]
    public int Vpc_Floor() => Floor(_vpc, "REJECT"u8);

    [Benchmark, BenchmarkCategory("vpc")]
    public int Vpc_Regex() => Count(_vpcRegex, _vpc);

    [Benchmark, BenchmarkCategory("vpc")]
    public int Vpc_Utf8() => Count(_reject, _vpc);
}
