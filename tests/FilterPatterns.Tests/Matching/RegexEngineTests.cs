using System.Text;
using FilterPatterns.Matching.Text;
using FilterPatterns.Syntax.Ast;
using FilterPatterns.Syntax.Regex;
using FilterPatterns.Tests.PropertyTests;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// The regex engine (<see cref="RegexNfa"/> searched through <see cref="RegexDfa"/>) against the reference evaluator's
/// backtracking interpreter over code points, on both paths, with the default cache and with caches so small that
/// events are finished by NFA simulation, from their first new state on.
/// </summary>
public sealed class RegexEngineTests
{
    /// <summary>Cache bounds: the default; none beyond the start states; room for a few states.</summary>
    private static readonly int[] s_cacheSizes = [RegexDfa.DefaultCacheBytes, 0, 400];

    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(2500).WithQuietOnSuccess(true);

    /// <summary>The tree of the expression <c>%<paramref name="body"/>%</c>.</summary>
    internal static RegexTree Tree(string body) => ((RegexPatternSyntax)FilterPattern.Parse("%" + body + "%").Syntax).Regex.Tree;

    private static RegexDfa Engine(RegexTree tree, int cacheBytes) => new(RegexNfa.TryCreate(tree)!, cacheBytes);

    /// <summary>An expression (anchors often, empty branches allowed) with several events, each also as UTF-8 bytes.</summary>
    private static Gen<(string Body, (string Utf16, byte[] Utf8)[] Events)> Cases =>
        Generators.RegexBodyWith(anchorWeight: 2, minPieces: 0)
            .Where(body => FilterPattern.TryParse("%" + body + "%", out _))
            .SelectMany(body => Gen.Choose(1, 6)
                .SelectMany(n => Gen.ArrayOf(Generators.RegexEvent(Tree(body)).SelectMany(e => Generators.WithInvalidUtf8(e).Select(b => (e, b))), n))
                .Select(events => (body, events)));

    [Fact]
    public void Engine_agrees_with_the_reference_on_both_paths_whatever_the_cache() =>
        Check.One(s_config, Prop.ForAll(Arb.From(Cases), @case => Verdict(Disagreement(@case.Body, @case.Events))));

    /// <summary>The same over expressions of hundreds of points, whose sets span several words, and long events.</summary>
    [Fact]
    public void Engine_agrees_with_the_reference_on_expressions_wider_than_a_word() =>
        Check.One(s_config.WithMaxTest(400), Prop.ForAll(
            Arb.From(Generators.LongRegexBody.Where(body => FilterPattern.TryParse("%" + body + "%", out _))
                .SelectMany(body => Gen.ArrayOf(Generators.LongRegexEvent, 3).Select(events => (body, events)))),
            @case => Verdict(Disagreement(@case.body, [.. @case.events.Select(e => (e, Encoding.UTF8.GetBytes(e)))]))));

    private static Property Verdict(string? disagreement) => (disagreement is null).Label(disagreement ?? "agrees");

    /// <summary>
    /// Searches every event on both paths with one engine per cache size (later events meet the states, and the full
    /// cache, earlier ones left) and describes the first answer that differs from the reference's, or returns null.
    /// </summary>
    private static string? Disagreement(string body, (string Utf16, byte[] Utf8)[] events)
    {
        var tree = Tree(body);
        foreach (var cacheBytes in s_cacheSizes)
        {
            var engine = Engine(tree, cacheBytes);
            foreach (var (utf16, utf8) in events)
            {
                var expected16 = ReferenceEvaluator.Regex(tree, utf16);
                var expected8 = ReferenceEvaluator.Regex(tree, Encoding.UTF8.GetString(utf8));
                if (engine.IsMatch(utf16.AsSpan()) != expected16 || engine.IsMatch<byte>(utf8) != expected8)
                {
                    return $"%{body}% cache {cacheBytes} | UTF-16 {Escape(utf16)} expected {expected16} | UTF-8 {Convert.ToHexString(utf8)} expected {expected8}";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Tricky cases, with the reference's answer checked too (so the expectation itself is right). A message writes an
    /// unpaired surrogate as <c>\uXXXX</c> (attribute strings cannot hold one).
    /// </summary>
    [Theory]
    [InlineData("a$b", "ab", false)]
    [InlineData("a$b", "a", false)]
    [InlineData("a^b", "ab", false)]
    [InlineData("a^b", "b", false)]
    [InlineData("x*^y", "y", true)]
    [InlineData("x*^y", "yx", true)]
    [InlineData("x*^y", "xy", false)]
    [InlineData("$", "", true)]
    [InlineData("$", "abc", true)]
    [InlineData("^$", "", true)]
    [InlineData("^$", "a", false)]
    [InlineData("^", "x", true)]
    [InlineData("$a", "a", false)]
    [InlineData("^^a$$", "a", true)]
    [InlineData("^^a$$", "aa", false)]
    [InlineData("a$|^b", "bc", true)]
    [InlineData("a$|^b", "ca", true)]
    [InlineData("a$|^b", "cab", false)]
    [InlineData("b?$x|c", "bx", false)]
    [InlineData("^a*$", "", true)]
    [InlineData("^a*$", "aaa", true)]
    [InlineData("^a*$", "aab", false)]
    [InlineData("b*|a", "", true)]
    [InlineData("b*|a", "zzz", true)]
    [InlineData("x|", "zzz", true)]
    [InlineData("a{0}b", "b", true)]
    [InlineData("a{0}b", "c", false)]
    [InlineData("^a{0}$", "", true)]
    [InlineData("^a{0}$", "a", false)]
    [InlineData("^x{,2}y$", "xxy", true)]
    [InlineData("^x{,2}y$", "xxxy", false)]
    [InlineData("^x{,2}y$", "y", true)]
    [InlineData("^x{2,}$", "x", false)]
    [InlineData("^x{2,}$", "xxxxx", true)]
    [InlineData("^x+y+$", "xxyy", true)]
    [InlineData("^x+y+$", "xxyx", false)]
    [InlineData("^[^a]$", "é", true)]
    [InlineData("^[^a]$", "😀", true)]
    [InlineData("^[^a]$", "\n", true)]
    [InlineData("^[^a]$", "a", false)]
    [InlineData("^.$", "\n", false)]
    [InlineData("^.$", "😀", true)]
    [InlineData("^.$", @"\uD800", true)]
    [InlineData("^.$", @"\uDE00\uD83D", false)]
    [InlineData("^..$", @"\uDE00\uD83D", true)]
    [InlineData("^..$", "😀", false)]
    [InlineData("^a.b$", @"a\uD83Db", true)]
    [InlineData(@"^\x41\x0a$", "A\n", true)]
    [InlineData(@"^\x41\x0a$", "A\r", false)]
    [InlineData(@"^\W+$", @"é😀\uD800", true)]
    [InlineData(@"^\w$", "é", false)]
    [InlineData(@"^\S\s\D$", "é ア", true)]
    [InlineData(@"\s$", "a\r", false)]
    [InlineData(@"\s$", "a\t", true)]
    [InlineData(@"\d{1,3}\.\d{1,3}", "a1.2b", true)]
    [InlineData(@"\d{1,3}\.\d{1,3}", "1..2", false)]
    [InlineData(@"\d{1,3}\.\d{1,3}:\d+", "é 1234.5:6", true)]
    [InlineData("[a-c]+x$", "abcx", true)]
    [InlineData("[a-c]+x$", "abcxy", false)]
    [InlineData("ab{1000}c", "x", false)]
    public void Tricky_cases(string body, string escaped, bool expected)
    {
        var tree = Tree(body);
        var message = System.Text.RegularExpressions.Regex.Replace(escaped, @"\\u([0-9A-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
        Assert.Equal(expected, ReferenceEvaluator.Regex(tree, message));
        foreach (var cacheBytes in s_cacheSizes)
        {
            var engine = Engine(tree, cacheBytes);
            Assert.Equal(expected, engine.IsMatch(message.AsSpan()));
            Assert.Equal(expected, engine.IsMatch<byte>(Encoding.UTF8.GetBytes(message)));
            Assert.Equal(expected, CompiledRegex.TryCreate(tree, cacheBytes)!.IsMatch(message.AsSpan()));
        }
    }

    /// <summary>Each maximal ill-formed UTF-8 subsequence is one character, as Encoding.UTF8 reads it.</summary>
    [Theory]
    [InlineData("^a.b$", new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62 }, true)] // a whole astral character
    [InlineData("^a.b$", new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x62 }, true)] // a truncated one: one maximal subpart
    [InlineData("^a.b$", new byte[] { 0x61, 0xE2, 0x82, 0xC3, 0x62 }, false)] // two subparts
    [InlineData("^a..b$", new byte[] { 0x61, 0xE2, 0x82, 0xC3, 0x62 }, true)]
    [InlineData("^a..b$", new byte[] { 0x61, 0x80, 0x80, 0x62 }, true)] // each stray continuation byte
    [InlineData("^a...b$", new byte[] { 0x61, 0xED, 0xA0, 0x80, 0x62 }, true)] // an encoded surrogate: three
    [InlineData("^a..b$", new byte[] { 0x61, 0xC0, 0xAF, 0x62 }, true)] // an overlong form: two
    [InlineData("^a....b$", new byte[] { 0x61, 0xF4, 0x90, 0x80, 0x80, 0x62 }, true)] // above U+10FFFF: four
    [InlineData("^.$", new byte[] { 0xFF }, true)]
    [InlineData("^.$", new byte[] { 0xC3, 0xA9 }, true)]
    [InlineData(@"^\W\w$", new byte[] { 0xC3, 0x61 }, true)] // a lead byte cut short by ASCII
    [InlineData("^[^x]{3}$", new byte[] { 0xE0, 0x80, 0x80 }, true)]
    public void Ill_formed_utf8_is_one_character_per_maximal_subpart(string body, byte[] utf8, bool expected)
    {
        var tree = Tree(body);
        Assert.Equal(expected, ReferenceEvaluator.Regex(tree, Encoding.UTF8.GetString(utf8)));
        foreach (var cacheBytes in s_cacheSizes)
        {
            Assert.Equal(expected, Engine(tree, cacheBytes).IsMatch<byte>(utf8));
        }
    }

    /// <summary>
    /// Threads searching one fresh engine at once (its states being built meanwhile, and its cache filling up) give the
    /// answers of a single thread. The second expression's DFA has hundreds of states, so they are still being added
    /// while every thread searches; its events are written in <c>a</c>, <c>b</c> and <c>c</c> only.
    /// </summary>
    [Theory]
    [InlineData(@"[a-c]{1,5}x[ab]*c{2,}|\d+\.\d*$|^[^x]{3}y|\W?b.{4}a", RegexDfa.DefaultCacheBytes)]
    [InlineData(@"[a-c]{1,5}x[ab]*c{2,}|\d+\.\d*$|^[^x]{3}y|\W?b.{4}a", 2048)]
    [InlineData(@"a[ab]{8}c|b[ab]{6}$|^c{3}", RegexDfa.DefaultCacheBytes)]
    [InlineData(@"a[ab]{8}c|b[ab]{6}$|^c{3}", 20_000)]
    public void Concurrent_searches_agree_with_a_single_thread(string body, int cacheBytes)
    {
        var tree = Tree(body);
        var random = new Random(1234);
        string[] units = body.StartsWith("a[", StringComparison.Ordinal)
            ? ["a", "b", "a", "b", "c"]
            : ["a", "b", "c", "x", "y", "1", ".", "2", " ", "\n", "é", "😀", "\uD83D"];
        var events = Enumerable.Range(0, 4000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => units[random.Next(units.Length)])))
            .ToArray();
        var utf8 = events.Select(Encoding.UTF8.GetBytes).ToArray();
        var single = Engine(tree, cacheBytes);
        var expected = events.Select(e => single.IsMatch(e.AsSpan())).ToArray();
        Assert.Equal(events.Select(e => ReferenceEvaluator.Regex(tree, e)), expected);

        for (var round = 0; round < 5; round++)
        {
            var shared = Engine(tree, cacheBytes);
            var threads = Math.Max(4, Environment.ProcessorCount * 2);
            var mismatches = 0;
            var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
            using var start = new Barrier(threads);
            var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
            {
                try
                {
                    start.SignalAndWait();
                    for (var k = 0; k < events.Length; k++)
                    {
                        // Each thread walks the events from its own offset, so new states are wanted everywhere at once.
                        var i = (k + (t * 997)) % events.Length;
                        if (shared.IsMatch(events[i].AsSpan()) != expected[i] || shared.IsMatch<byte>(utf8[i]) != expected[i])
                        {
                            Interlocked.Increment(ref mismatches);
                        }
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A torn cache may throw (an index past a table, a corrupted dictionary): that is a failure too.
                    failures.Enqueue(e);
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            Assert.Empty(failures);
            Assert.Equal(0, mismatches);
        }
    }

    /// <summary>The documented bound: at most 10,000 character positions once repetitions are written out.</summary>
    [Theory]
    [InlineData(10, "", true)]
    [InlineData(10, @"\d", false)]
    [InlineData(10, "^$", true)]
    [InlineData(9, @"\d{999,}x", true)]
    [InlineData(9, @"\d{999,}x{2}", false)]
    [InlineData(9, @"|\d{500}|[ab]{500}", true)]
    [InlineData(9, @"|\d{500}|[ab]{501}", false)]
    public void Expressions_past_ten_thousand_positions_are_too_complex(int thousands, string rest, bool accepted)
    {
        var body = string.Concat(Enumerable.Repeat(@"\d{1000}", thousands)) + rest;
        Assert.Equal(accepted, FilterPattern.TryParse("%" + body + "%", FilterPatternOptions.Default, out _, out var error));
        Assert.Equal(accepted, FilterPattern.TryParse("{ $.a = %" + body + "% }", FilterPatternOptions.Default, out _, out var jsonError));
        if (!accepted)
        {
            Assert.Equal(FilterPatternError.RegexTooComplex, error!.Error);
            Assert.Equal(0, error.Offset);
            Assert.Equal(FilterPatternError.RegexTooComplex, jsonError!.Error);
            Assert.Equal(8, jsonError.Offset);
        }
    }

    [Fact]
    public void The_largest_expression_still_matches_exactly()
    {
        var pattern = FilterPattern.Parse("%^" + string.Concat(Enumerable.Repeat(@"\d{1000}", 10)) + "$%");
        Assert.True(pattern.IsMatch(new string('7', 10_000)));
        Assert.False(pattern.IsMatch(new string('7', 9_999)));
        Assert.False(pattern.IsMatch(new string('7', 10_001)));
        Assert.True(pattern.IsMatch(Encoding.UTF8.GetBytes(new string('7', 10_000))));
    }

    private static string Escape(string text) =>
        string.Concat(text.Select(c => c is >= ' ' and < '\x7F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
