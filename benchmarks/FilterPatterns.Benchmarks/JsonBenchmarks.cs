using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using FilterPatterns.Benchmarks.Workloads;

namespace FilterPatterns.Benchmarks;

/// <summary>
/// CIS-benchmark JSON patterns over CloudTrail records, beside the floor of a JSON pass (<see cref="Utf8JsonReader"/>
/// reading every token), a straightforward evaluator (<see cref="JsonDocument"/> + property lookups) and .NET Regex.
/// </summary>
[Config(typeof(BenchmarkConfig))]
public class JsonBenchmarks : IThroughput
{
    /// <summary>CIS 3.1, unauthorized API calls.</summary>
    public const string Unauthorized = "{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }";

    /// <summary>CIS 3.2, console sign-in without MFA.</summary>
    public const string NoMfa = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") }";

    /// <summary>CIS 3.3, use of the root account.</summary>
    public const string Root = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }";

    private Workload _trail = null!;
    private FilterPattern _unauthorized = null!;
    private FilterPattern _noMfa = null!;
    private FilterPattern _root = null!;
    private Regex _unauthorizedRegex = null!;
    private Regex _noMfaRegex = null!;
    private Regex _rootRegex = null!;

    public int EventsPerOperation => _trail.Count;

    public long BytesPerOperation => _trail.TotalBytes;

    [GlobalSetup]
    public void Setup()
    {
        _trail = Workload.CloudTrail();
        _unauthorized = FilterPattern.Parse(Unauthorized);
        _noMfa = FilterPattern.Parse(NoMfa);
        _root = FilterPattern.Parse(Root);
        _unauthorizedRegex = new Regex("\"errorCode\"\\s*:\\s*\"(?:[^\"]*UnauthorizedOperation|AccessDenied[^\"]*)\"", RegexOptions.Compiled | RegexOptions.CultureInvariant);
        TextBenchmarks.Agree(Unauthorized_Utf8(), Unauthorized_Utf16(), Unauthorized_JsonDocument(), Unauthorized_Regex());
        // Regexes that read the JSON as text (no validation, keys found anywhere): they agree on these workloads.
        _noMfaRegex = new Regex(
            "^(?=[\\s\\S]*\"eventName\"\\s*:\\s*\"ConsoleLogin\")(?=[\\s\\S]*\"MFAUsed\"\\s*:\\s*(?:\"(?!Yes\")|[-0-9]))",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);
        _rootRegex = new Regex(
            "^(?=[\\s\\S]*\"userIdentity\"\\s*:\\s*\\{\\s*\"type\"\\s*:\\s*\"Root\")(?![\\s\\S]*\"invokedBy\")(?=[\\s\\S]*\"eventType\"\\s*:\\s*(?:\"(?!AwsServiceEvent\")|[-0-9]))",
            RegexOptions.Compiled | RegexOptions.CultureInvariant);
        TextBenchmarks.Agree(NoMfa_Utf8(), NoMfa_Utf16(), NoMfa_JsonDocument(), NoMfa_Regex());
        TextBenchmarks.Agree(Root_Utf8(), Root_JsonDocument(), Root_Regex());
    }

    private int Count(FilterPattern pattern)
    {
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            n += pattern.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    private int CountRegex(Regex regex)
    {
        var n = 0;
        foreach (var e in _trail.Utf16)
        {
            n += regex.IsMatch(e) ? 1 : 0;
        }

        return n;
    }

    private int CountUtf16(FilterPattern pattern)
    {
        var n = 0;
        foreach (var e in _trail.Utf16)
        {
            n += pattern.IsMatch(e.AsSpan()) ? 1 : 0;
        }

        return n;
    }

    private int CountDocuments(Func<JsonElement, bool> predicate)
    {
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            try
            {
                using var document = JsonDocument.Parse(e);
                n += document.RootElement.ValueKind == JsonValueKind.Object && predicate(document.RootElement) ? 1 : 0;
            }
            catch (JsonException)
            {
            }
        }

        return n;
    }

    private static JsonElement? Get(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element;
    }

    private static string? GetString(JsonElement root, params string[] path) =>
        Get(root, path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    // ---------------------------------------------------------------- the floor: one full reader pass

    [Benchmark(Baseline = true), BenchmarkCategory("floor")]
    public int Floor_Utf8JsonReader()
    {
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            var reader = new Utf8JsonReader(e);
            while (reader.Read())
            {
                n++;
            }
        }

        return n;
    }

    [Benchmark, BenchmarkCategory("floor")]
    public int Floor_IndexOf()
    {
        // The machine's floor for these bytes: a bare per-event search for one literal (CIS 3.2's event name).
        var n = 0;
        foreach (var e in _trail.Utf8)
        {
            n += e.AsSpan().IndexOf("ConsoleLogin"u8) >= 0 ? 1 : 0;
        }

        return n;
    }

    // ---------------------------------------------------------------- CIS 3.1

    [Benchmark(Baseline = true), BenchmarkCategory("unauthorized")]
    public int Unauthorized_JsonDocument() => CountDocuments(root =>
        GetString(root, "errorCode") is { } code &&
        (code.EndsWith("UnauthorizedOperation", StringComparison.Ordinal) || code.StartsWith("AccessDenied", StringComparison.Ordinal)));

    [Benchmark, BenchmarkCategory("unauthorized")]
    public int Unauthorized_Regex() => CountRegex(_unauthorizedRegex);

    [Benchmark, BenchmarkCategory("unauthorized")]
    public int Unauthorized_Utf8() => Count(_unauthorized);

    [Benchmark, BenchmarkCategory("unauthorized")]
    public int Unauthorized_Utf16() => CountUtf16(_unauthorized);

    // ---------------------------------------------------------------- CIS 3.2

    [Benchmark(Baseline = true), BenchmarkCategory("no MFA")]
    public int NoMfa_JsonDocument() => CountDocuments(root =>
        GetString(root, "eventName") == "ConsoleLogin" &&
        Get(root, "additionalEventData", "MFAUsed") is { } mfa &&
        (mfa.ValueKind == JsonValueKind.String ? mfa.GetString() != "Yes" : mfa.ValueKind == JsonValueKind.Number));

    [Benchmark, BenchmarkCategory("no MFA")]
    public int NoMfa_Regex() => CountRegex(_noMfaRegex);

    [Benchmark, BenchmarkCategory("no MFA")]
    public int NoMfa_Utf8() => Count(_noMfa);

    [Benchmark, BenchmarkCategory("no MFA")]
    public int NoMfa_Utf16() => CountUtf16(_noMfa);

    // ---------------------------------------------------------------- CIS 3.3

    [Benchmark(Baseline = true), BenchmarkCategory("root")]
    public int Root_JsonDocument() => CountDocuments(root =>
        GetString(root, "userIdentity", "type") == "Root" &&
        Get(root, "userIdentity", "invokedBy") is null &&
        Get(root, "eventType") is { } type &&
        (type.ValueKind == JsonValueKind.String ? type.GetString() != "AwsServiceEvent" : type.ValueKind == JsonValueKind.Number));

    [Benchmark, BenchmarkCategory("root")]
    public int Root_Regex() => CountRegex(_rootRegex);

    [Benchmark, BenchmarkCategory("root")]
    public int Root_Utf8() => Count(_root);
}
