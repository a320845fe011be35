using System.Text;
using FilterPatterns.Compilation;
using FilterPatterns.Matching.Sets;
using FilterPatterns.Syntax.Ast;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.PropertyTests;

/// <summary>A pattern set answers exactly what each of its patterns answers alone.</summary>
public sealed class SetProperties
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true);

    private static Gen<(FilterPattern[] Patterns, string[] Events)> SetsAndEvents =>
        from count in Gen.Choose(1, 25)
        from patterns in Gen.ArrayOf(Generators.ParsedPattern, count)
        from events in Gen.ArrayOf(Gen.OneOf(Generators.Utf16Event, Generators.JsonEvent), 8)
        select (patterns, events);

    [Fact]
    public void Set_results_equal_each_patterns_own_answer() =>
        Check.One(s_config, Prop.ForAll(Arb.From(SetsAndEvents), static pair => SetAgrees(pair.Patterns, pair.Events)));

    // Every pattern's answer in the set, on both paths, is its own answer alone on that path; the count returned is
    // the number of true results; nothing is written past the set's own results.
    private static Property SetAgrees(FilterPattern[] patterns, string[] events)
    {
        var set = new FilterPatternSet(patterns);
        var utf8 = new bool[patterns.Length + 3];
        var utf16 = new bool[patterns.Length + 3];
        foreach (var message in events)
        {
            var bytes = Encoding.UTF8.GetBytes(message);
            var count8 = set.IsMatch(bytes, utf8);
            var count16 = set.IsMatch(message.AsSpan(), utf16);
            for (var i = 0; i < patterns.Length; i++)
            {
                if (utf8[i] != patterns[i].IsMatch(bytes))
                {
                    return false.Label($"UTF-8: pattern {i} {patterns[i].Text} on {message}");
                }

                if (utf16[i] != patterns[i].IsMatch(message.AsSpan()))
                {
                    return false.Label($"UTF-16: pattern {i} {patterns[i].Text} on {message}");
                }
            }

            if (count8 != utf8.Count(static r => r) || count16 != utf16.Count(static r => r))
            {
                return false.Label($"counts {count8}, {count16} on {message}");
            }

            if (utf8.AsSpan(patterns.Length).Contains(true) || utf16.AsSpan(patterns.Length).Contains(true))
            {
                return false.Label("wrote past the set's own results");
            }
        }

        return true.ToProperty();
    }

    // Large JSON sets: more distinct leaves than one 32-leaf chunk of the held-leaf scan, and many = "literal" and
    // = "prefix*" leaves on one selector (decided by the hashed lookups of EqualityGroup and PrefixGroup).
    private static Gen<FilterPattern> ManyLeafJsonPattern => Gen.Frequency(
        (3, Generators.ParsedPattern.Where(static p => p.Syntax is JsonPatternSyntax)),
        (2, from value in Gen.Elements("ERROR", "WARN", "a", "b", "ab", "x_1", "42", "Ex", "E", "é", "😀", "1.5", "a b", "q\"t", "")
            from star in Gen.Elements("", "*")
            from selector in Gen.Elements("$.a", "$.b", "$.c", "$.a.b")
            select FilterPattern.Parse($"{{ {selector} = {Generators.Quote(value + star)} }}")));

    private static Gen<(FilterPattern[] Patterns, string[] Events)> LargeJsonSetsAndEvents =>
        from count in Gen.Choose(40, 120)
        from patterns in Gen.ArrayOf(ManyLeafJsonPattern, count)
        from events in Gen.ArrayOf(Generators.JsonEvent, 8)
        select (patterns, events);

    [Fact]
    public void Large_json_sets_answer_what_each_pattern_answers() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(LargeJsonSetsAndEvents), static pair => SetAgrees(pair.Patterns, pair.Events)));

    // Large text sets: more patterns than one text group takes, more terms than one bucket verifies at once, terms
    // longer than 8 bytes sharing their first 8, and non-text patterns breaking the runs of consecutive slots.
    private static readonly string[] s_vocabulary =
    [
        .. Enumerable.Range(0, 400).Select(static i => $"t{i}"),
        .. Enumerable.Range(0, 300).Select(static i => $"shared_prefix_{i}"),
        "ERROR", "ERRORS", "E", "\u00e9t\u00e9", "a\"b",
    ];

    private static Gen<string> TextPattern =>
        from a in Gen.Elements(s_vocabulary)
        from b in Gen.Elements(s_vocabulary)
        from form in Gen.Choose(0, 6)
        select form switch
        {
            0 => Quote(a),
            1 => $"{Quote(a)} {Quote(b)}",
            2 => $"?{Quote(a)} ?{Quote(b)}",
            3 => $"{Quote(a)} -{Quote(b)}",
            4 => $"-{Quote(a)}",
            5 => $"{{ $.{(a.Length % 3 == 0 ? "x" : "y")} = 1 }}",
            _ => $"[w, f = \"{a.Replace("\"", "\\\"", StringComparison.Ordinal)}\", ...]",
        };

    private static Gen<(FilterPattern[] Patterns, string[] Events)> LargeSetsAndEvents =>
        from count in Gen.Choose(400, 1300)
        from patterns in Gen.ArrayOf(TextPattern, count)
        from events in Gen.ArrayOf(
            from length in Gen.Choose(0, 12)
            from words in Gen.ArrayOf(Gen.Elements(s_vocabulary), length)
            select string.Join(' ', words),
            6)
        select (patterns.Select(FilterPattern.Parse).ToArray(), events);

    private static string Quote(string term) =>
        term.All(static c => char.IsAsciiLetterOrDigit(c) || c == '_') ? term : $"\"{term.Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Large_sets_answer_what_each_pattern_answers(bool vector512) =>
        Hooks.With(vector512, static () => TextGroup.UseVector512, static v => TextGroup.UseVector512 = v, LargeSetsAgree);

    private static void LargeSetsAgree() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(25).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(LargeSetsAndEvents), static pair => SetAgrees(pair.Patterns, pair.Events)));

    [Fact]
    public void Sets_with_many_distinct_terms_split_into_bounded_groups_and_still_agree()
    {
        // 500 patterns (fewer than a group takes) of 12 terms each, none shared: one group's lanes would take
        // 6,000 × 512 × 2 bytes, over the budget.
        var patterns = Enumerable.Range(0, 500)
            .Select(p => FilterPattern.Parse(string.Join(' ', Enumerable.Range(0, 12).Select(k => $"?p{p}k{k}"))))
            .ToArray();
        var terms = patterns.Select(p => PatternCompiler.TextTerms((TextPatternSyntax)p.Syntax)).ToArray();
        var groups = TextGroup.CreateGroups([.. terms.Select((t, i) => (i, t.Required, t.Excluded, t.Optional))]);
        Assert.True(groups.Count >= 2, $"{groups.Count} groups");

        var set = new FilterPatternSet(patterns);
        var results = new bool[patterns.Length];
        foreach (var message in new[] { "p0k0", "p499k11 and p17k3", "p300k5p341k6", "nothing", "" })
        {
            set.IsMatch(Encoding.UTF8.GetBytes(message), results);
            for (var i = 0; i < patterns.Length; i++)
            {
                Assert.Equal(patterns[i].IsMatch(message), results[i]);
            }
        }
    }

    // A JSON set whose every member has a literal clause skips events that hold none of the literals, unless an escape
    // could spell one: each member must still match where its literal is written only through \u or \/.
    [Theory]
    [InlineData("""{"eventName":"ConsoleLogin"}""", true, false, false)]
    [InlineData("""{"eventName":"\u0043onsoleLogin"}""", true, false, false)]
    [InlineData("""{"eventName":"Console\u004cogin","path":"a\/b"}""", true, true, false)]
    [InlineData("""{"path":"a\/b"}""", false, true, false)]
    [InlineData("""{"eventName":"G\u0065tObject"}""", false, false, true)]
    [InlineData("""{"eventName":"GetObject","path":"a/b"}""", false, true, true)]
    [InlineData("""{"eventName":"GetObject","path":"a/b" """, false, false, false)]
    [InlineData("""{"x":1}""", false, false, false)]
    [InlineData("""{"x":"\u0041"}""", false, false, false)]
    public void Json_set_members_match_literals_spelled_with_escapes(string message, bool login, bool path, bool get)
    {
        FilterPattern[] patterns =
        [
            FilterPattern.Parse("""{ $.eventName = "ConsoleLogin" }"""),
            FilterPattern.Parse("""{ $.path = "a/b" }"""),
            FilterPattern.Parse("""{ $.eventName = "Get*" }"""),
        ];
        var expected = new[] { login, path, get };
        var set = new FilterPatternSet(patterns);
        var utf8 = new bool[patterns.Length];
        var utf16 = new bool[patterns.Length];
        Assert.Equal(expected.Count(static e => e), set.IsMatch(Encoding.UTF8.GetBytes(message), utf8));
        Assert.Equal(expected.Count(static e => e), set.IsMatch(message.AsSpan(), utf16));
        for (var i = 0; i < patterns.Length; i++)
        {
            Assert.Equal(expected[i], patterns[i].IsMatch(message));
            Assert.Equal(expected[i], utf8[i]);
            Assert.Equal(expected[i], utf16[i]);
        }
    }

    // A JSON set looks at a member only when one of its required leaf sets holds a leaf: members that need several
    // leaves, either of two, or none (a negation), and a later duplicate key, must each answer as they do alone.
    [Theory]
    [InlineData("""{"s":"x","e":"AccessDenied","n":"Get"}""", true, false, true, true, false)]
    [InlineData("""{"s":"x","n":"Put"}""", false, false, false, true, true)]
    [InlineData("""{"s":"y","e":"Throttled"}""", false, true, false, true, false)]
    [InlineData("""{"e":"AccessDenied","n":"Get","s":"z"}""", false, false, true, false, false)]
    [InlineData("""{"s":"x","e":"AccessDenied","n":"Get","s":"y"}""", false, true, true, true, false)]
    [InlineData("""{"s":"x","e":"AccessDenied","n":"Get" """, false, false, false, false, false)]
    public void Json_set_members_that_need_several_leaves_answer_as_alone(string message, params bool[] expected)
    {
        FilterPattern[] patterns =
        [
            FilterPattern.Parse("""{ $.s = "x" && $.e = "*" && $.n = "Get" }"""),
            FilterPattern.Parse("""{ $.s = "y" && $.e = "*" }"""),
            FilterPattern.Parse("""{ $.e = "Access*" && ($.n = "Get" || $.n = "List") }"""),
            FilterPattern.Parse("""{ ($.s = "x" || $.s = "y") && $.s != "z" }"""),
            FilterPattern.Parse("""{ $.n != "Get" }"""),
        ];
        var set = new FilterPatternSet(patterns);
        var results = new bool[patterns.Length];
        Assert.Equal(expected.Count(static e => e), set.IsMatch(Encoding.UTF8.GetBytes(message), results));
        for (var i = 0; i < patterns.Length; i++)
        {
            Assert.Equal(expected[i], patterns[i].IsMatch(message));
            Assert.Equal(expected[i], results[i]);
        }
    }

    [Fact]
    public void Set_checks_its_arguments()
    {
        var set = new FilterPatternSet([FilterPattern.Parse("a"), FilterPattern.Parse("b")]);
        Assert.Equal(2, set.Count);
        Assert.Equal("b", set[1].Text);
        Assert.Throws<ArgumentOutOfRangeException>(() => set.IsMatch("ab"u8, new bool[1]));
        Assert.Equal(2, set.IsMatch("ab"u8, new bool[3]));
        Assert.Throws<ArgumentNullException>(() => new FilterPatternSet([FilterPattern.Parse("a"), null!]));
        Assert.Equal(0, new FilterPatternSet([]).IsMatch("x"u8, []));
    }
}
