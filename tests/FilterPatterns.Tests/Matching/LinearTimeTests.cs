using System.Diagnostics;
using System.Text;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// Matching time grows linearly with the event, also on inputs built to hurt: unterminated quotes and brackets,
/// thousands of near misses, long runs of escapes, repeated keys, huge fields. Not a speed test: each case compares
/// the time of 16 events of n bytes with one event of 16n bytes, same pattern, same machine, best of several tries.
/// Linear matching gives a ratio near 1; a quadratic step gives 16. The bound leaves room for a noisy shared machine.
/// </summary>
public sealed class LinearTimeTests
{
    private const int Small = 16 * 1024;
    private const int Factor = 16;
    private const double Bound = 4;

    /// <summary>(pattern, prefix, repeated unit, suffix): the event is prefix + unit × k + suffix.</summary>
    public static TheoryData<string, string, string, string> Cases => new()
    {
        // text: needles with many partial matches, OR terms sharing prefixes, exclusions found over and over
        { "abababababac", "", "ab", "" },
        { "?aaab ?aaac ?aaad ?aaae", "", "a", "" },
        { "error -timeout", "", "error ", "" },
        { "\"a b a b a c\"", "", "a b ", "" },

        // regex: stacked repetitions over a run they almost match
        { "%a*a*a*a*a*b%", "", "a", "" },
        { "%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}x%", "", "1.2.", "" },

        // JSON: an unterminated string of escaped quotes, a long array under a wildcard, repeated keys, a long value
        // under a contains test, an object opened and never closed
        { "{ $.a = \"x\" }", "{\"a\":\"", "\\\"", "" },
        { "{ $.a[*] = 2 }", "{\"a\":[", "1,", "1]}" },
        { "{ $.a = 2 && $.b NOT EXISTS }", "{", "\"a\":1,", "\"z\":0}" },
        { "{ $.a = \"*abc*\" }", "{\"a\":\"", "ab", "\"}" },
        { "{ $.a.b.c = 1 }", "{\"a\":{\"b\":{\"d\":[", "{\"c\":1},", "" },

        // space-delimited: an unclosed quote, unclosed brackets, many fields around an ellipsis, one huge field
        { "[a, b = x, ...]", "\"", "a ", "" },
        { "[a, b = x, ...]", "", "[", "" },
        { "[a, ..., b = 1, c = 2]", "", "y ", "" },
        { "[a = *abc*, ...]", "", "ab", " z" },
    };

    /// <summary>
    /// Regexes run with no room in their DFA cache, so every event is finished by NFA simulation (the path a hostile
    /// expression and input take once the cache is full): (expression, prefix, unit, suffix).
    /// </summary>
    public static TheoryData<string, string, string, string> FallbackCases => new()
    {
        { "a*a*a*a*a*b", "", "a", "" },
        { "\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}x", "", "1.2.", "" },
        { "[ab]*a[ab]{20}c$", "", "abbab", "" },
        { "[^x]{1,1000}y|.{500}z", "", "é😀a", "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matching_time_is_linear_in_the_event(string pattern, string prefix, string unit, string suffix)
    {
        var parsed = FilterPattern.Parse(pattern);
        AssertLinear(pattern, prefix, unit, suffix, m => parsed.IsMatch(m.AsSpan()), b => parsed.IsMatch(b));
    }

    [Theory]
    [MemberData(nameof(FallbackCases))]
    public void Regex_time_is_linear_when_its_cache_is_full(string body, string prefix, string unit, string suffix)
    {
        var regex = CompiledRegex.TryCreate(RegexEngineTests.Tree(body), cacheBytes: 0)!;
        AssertLinear(body, prefix, unit, suffix, m => regex.IsMatch(m.AsSpan()), b => regex.IsMatch<byte>(b));
    }

    private static void AssertLinear(string pattern, string prefix, string unit, string suffix, Func<string, bool> utf16, Func<byte[], bool> utf8)
    {
        var small = Event(prefix, unit, suffix, Small);
        var large = Event(prefix, unit, suffix, Small * Factor);
        var smallUtf8 = Encoding.UTF8.GetBytes(small);
        var largeUtf8 = Encoding.UTF8.GetBytes(large);

        // Same answers on both paths, whatever the size (the point is the time, but never at the cost of the answer).
        Assert.Equal(utf16(small), utf8(smallUtf8));
        Assert.Equal(utf16(large), utf8(largeUtf8));

        var manySmall = Best(() =>
        {
            for (var i = 0; i < Factor; i++)
            {
                utf8(smallUtf8);
                utf16(small);
            }
        });
        var oneLarge = Best(() =>
        {
            utf8(largeUtf8);
            utf16(large);
        });

        var ratio = oneLarge / manySmall;
        Assert.True(ratio < Bound, $"{Factor}x the event took {ratio:F1}x the time of {Factor} events ({pattern}): not linear");
    }

    private static string Event(string prefix, string unit, string suffix, int length)
    {
        var builder = new StringBuilder(length + prefix.Length + suffix.Length + unit.Length);
        builder.Append(prefix);
        while (builder.Length < length)
        {
            builder.Append(unit);
        }

        return builder.Append(suffix).ToString();
    }

    // Best of several tries (after a warm-up), in seconds: the least disturbed run of this shared machine.
    private static double Best(Action run)
    {
        for (var i = 0; i < 3; i++)
        {
            run();
        }

        var best = double.MaxValue;
        for (var i = 0; i < 9; i++)
        {
            var watch = Stopwatch.StartNew();
            run();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }

        return best;
    }
}
