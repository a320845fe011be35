using System.Text;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Tests.Matching;

/// <summary>IsMatch allocates nothing, on either path, for every family (bytes counted, not time).</summary>
public sealed class AllocationTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "", "anything" },
        { "ERROR", "[ERROR 419] MISSING ARGUMENTS" },
        { "ERROR -ARGUMENTS ?x", "[ERROR 419] MISSING ARGUMENTS" },
        { "?ERROR ?WARN", "[WARN] low disk" },
        { "\"\uFFFD\"", "a" + '\uD83D' + "b" },
        { "%^\\[ERROR \\d+\\].*ARG%", "[ERROR 419] MISSING ARGUMENTS 😀" },
        { "{ $.eventType = \"UpdateTrail\" && $.n > 1 && $.a[*] = %x% }", "{\"eventType\":\"UpdateTrail\",\"n\":2,\"a\":[\"y\",\"x\\u0041\"],\"deep\":[[[{}]]]}" },
        { "{ $.k = \"\uFFFD\" || $.list[1].id NOT EXISTS }", "{\"k\":\"\\ud83d\",\"list\":[1,{\"id\":2}]}" },
        { "[ip, user, ..., status = 4* && status != 403, size > 100]", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534" },
        { "[a = %b.c%, ...]", "abxc d" },
        { "%\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}:\\d+%", "conn é 10.0.0.1:8080 😀 " + '\uD83D' + " x" },
        { "%^\\S+ \\W\\W.$%", "abc é😀" + '\uDE00' },
        { "{ $.a = %^v\\d+$% }", "{\"a\":\"v12\",\"b\":\"é\"}" },
        { "{ $.a.b = 1 && $.*.c = 2 }", "{\"a\":{\"b\":1,\"c\":2,\"e\":{\"f\":3}},\"x\":{\"c\":2}}" }, // two trie nodes take $.a, both with named children
        { "{ $.a.b.c.d.e.f.g.h = 1 || $.a.b.x = \"y\" }", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":1}}}}},\"x\":\"y\"}}}" }, // deeper than the frames' inline array
    };

    /// <summary>Expressions searched with no cache to speak of: every event is finished by NFA simulation.</summary>
    public static TheoryData<string, string, int> FallbackCases => new()
    {
        { "\\d{1,3}\\.\\d{1,3}x|a$", "1.22.333.4 é 😀 " + '\uD83D', 2000 },
        { "[ab]{1000}[ab]{1000}[ab]{1000}[ab]{1000}[ab]{1000}c|^x", "abababab é", 20 }, // 5,000 points: the bitsets are pooled, not on the stack (and slow)
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsMatch_allocates_nothing(string pattern, string message)
    {
        var parsed = FilterPattern.Parse(pattern);
        AssertAllocatesNothing(message, m => parsed.IsMatch(m.AsSpan()), b => parsed.IsMatch(b));
    }

    [Theory]
    [MemberData(nameof(FallbackCases))]
    public void Regex_fallback_allocates_nothing(string body, string message, int repeats)
    {
        var regex = CompiledRegex.TryCreate(RegexEngineTests.Tree(body), cacheBytes: 0)!;
        AssertAllocatesNothing(message, m => regex.IsMatch(m.AsSpan()), b => regex.IsMatch<byte>(b), repeats);
    }

    private static void AssertAllocatesNothing(string message, Func<string, bool> utf16, Func<byte[], bool> utf8, int repeats = 2000)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var large = string.Concat(Enumerable.Repeat(message + " ", repeats));
        var largeUtf8 = Encoding.UTF8.GetBytes(large);

        // Warm up: JIT, the regex engine's lazily built automaton, the shared array pool.
        for (var i = 0; i < 50; i++)
        {
            utf16(message);
            utf8(bytes);
            utf16(large);
            utf8(largeUtf8);
        }

        // A real per-call allocation shows in every window. A window may rarely see the shared array pool re-allocate a
        // buffer it trimmed after a gen-2 collection (other tests run meanwhile): amortized zero, so one clean window
        // out of three is required.
        var windows = new long[3];
        for (var w = 0; w < windows.Length; w++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 200; i++)
            {
                utf16(message);
                utf8(bytes);
                utf16(large);
                utf8(largeUtf8);
            }

            windows[w] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, windows.Min());
    }
}
