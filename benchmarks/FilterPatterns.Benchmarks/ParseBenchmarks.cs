using BenchmarkDotNet.Attributes;

namespace FilterPatterns.Benchmarks;

/// <summary>Parse and compile of patterns at AWS's 1024-character limit, one per family.</summary>
[Config(typeof(BenchmarkConfig))]
public class ParseBenchmarks
{
    public static readonly string Text = Fill(i => i % 3 == 0 ? $"-term{i}" : $"\"phrase {i}\"", " ");

    public static readonly string Json = "{ " + Fill(i => (i % 4) switch
    {
        0 => $"$.a{i}.b[{i % 5}] = \"value{i}*\"",
        1 => $"($.n{i} > {i}.5 || $.m{i} IS NULL)",
        2 => $"$.list[*].k{i} != %v{i}%",
        _ => $"$.x{i} NOT EXISTS",
    }, " && ", maxRegexes: 2, reserve: 2) + " }";

    /// <summary>The same with two expressions that need the regex engine (the two above are fixed text, which needs none).</summary>
    public static readonly string JsonWithRegexes = Json.Replace("%v2%", @"%v2\d%", StringComparison.Ordinal).Replace("%v6%", "%^v6+%", StringComparison.Ordinal);

    public static readonly string Delimited = "[" + Fill(i => i % 5 == 0 ? $"f{i} = {i}* || f{i} > {i}" : $"f{i}", ", ", reserve: 2) + "]";

    public static readonly string Regex = "%" + Fill(i => $"a{i % 10}[b-d]\\d{{1,3}}x?", "|", reserve: 2) + "%";

    // Joins generated parts up to AWS's 1024 characters.
    private static string Fill(Func<int, string> part, string separator, int maxRegexes = int.MaxValue, int reserve = 0)
    {
        var builder = new System.Text.StringBuilder();
        var regexes = 0;
        for (var i = 0; ; i++)
        {
            var next = part(i);
            if (next.Contains('%', StringComparison.Ordinal) && ++regexes > maxRegexes)
            {
                next = $"$.r{i} = \"r{i}\"";
            }

            var piece = (builder.Length > 0 ? separator : string.Empty) + next;
            if (builder.Length + piece.Length > 1024 - reserve - 2)
            {
                return builder.ToString();
            }

            builder.Append(piece);
        }
    }

    [Benchmark]
    public FilterPattern Parse_Text_1024() => FilterPattern.Parse(Text);

    [Benchmark]
    public FilterPattern Parse_Json_1024() => FilterPattern.Parse(Json);

    [Benchmark]
    public FilterPattern Parse_Json_1024_Regexes() => FilterPattern.Parse(JsonWithRegexes);

    [Benchmark]
    public FilterPattern Parse_Delimited_1024() => FilterPattern.Parse(Delimited);

    [Benchmark]
    public FilterPattern Parse_Regex_1024() => FilterPattern.Parse(Regex);
}
