using System.Text;
using FilterPatterns.Matching.Json;
using FilterPatterns.Tests.PropertyTests;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// The structural walk (<see cref="JsonStructurals"/>) answers exactly as the unit-by-unit tokenizer and the reference
/// evaluator, with 512-bit and 256-bit blocks, on long events whose strings, escapes and whitespace cross blocks.
/// </summary>
public sealed class JsonStructuralsTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(1500).WithQuietOnSuccess(true);

    // Bit i: unit i is escaped by the backslash before it (scanning from the block's start, carry = unit 0 escaped);
    // kept where EscapedUnits promises it: units that are not backslashes, and unit 0 under a carry.
    private static (ulong Escaped, ulong Carry) ReferenceEscapes(ulong backslash, ulong carry)
    {
        var (result, escaping) = (0UL, carry != 0);
        for (var i = 0; i < 64; i++)
        {
            var isBackslash = ((backslash >> i) & 1) != 0;
            if (escaping)
            {
                result |= !isBackslash || i == 0 ? 1UL << i : 0;
                escaping = false;
            }
            else
            {
                escaping = isBackslash;
            }
        }

        return (result, escaping ? 1UL : 0);
    }

    [Fact]
    public void Escaped_units_are_the_ones_after_an_odd_run_of_backslashes()
    {
        // Masks dense and sparse in backslashes (and-ing random words makes runs of every length likely somewhere).
        var masks =
            from a in ArbMap.Default.GeneratorFor<ulong>()
            from b in ArbMap.Default.GeneratorFor<ulong>()
            from c in ArbMap.Default.GeneratorFor<ulong>()
            from shape in Gen.Choose(0, 3)
            from carry in Gen.Elements(0UL, 1UL)
            select (shape switch { 0 => a, 1 => a | b, 2 => a & b, _ => a | b | c }, carry);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(20000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(masks), m =>
        {
            var carry = m.carry;
            var escaped = JsonStructurals.EscapedUnits(m.Item1, ref carry);
            return ((escaped, carry) == ReferenceEscapes(m.Item1, m.carry)).Label($"backslashes {m.Item1:X16} carry {m.carry}");
        }));
    }

    [Theory]
    [InlineData(ulong.MaxValue, 0UL)]
    [InlineData(ulong.MaxValue, 1UL)]
    [InlineData(1UL << 63, 0UL)]
    [InlineData(3UL << 62, 0UL)]
    [InlineData(0UL, 1UL)]
    public void Escapes_at_the_block_edges_carry_over(ulong backslash, ulong carry)
    {
        var carried = carry;
        var escaped = JsonStructurals.EscapedUnits(backslash, ref carried);
        Assert.Equal(ReferenceEscapes(backslash, carry), (escaped, carried));
    }

    /// <summary>
    /// An event cut out of a larger buffer ends where its span ends: its last block is classified from the span's last
    /// 64 units, and what lies past them (here the closing brace that would complete it) is never read.
    /// </summary>
    [Theory]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(100)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(150)]
    public void A_truncated_event_is_not_completed_by_what_follows_its_span(int padding)
    {
        var pattern = FilterPattern.Parse("{ $.k = * }");
        var whole = "{\"k\":\"" + new string('x', padding) + "\"}";
        var utf8 = Encoding.UTF8.GetBytes(whole);
        Assert.True(pattern.IsMatch(utf8));
        Assert.True(pattern.IsMatch(whole.AsSpan()));
        Assert.False(pattern.IsMatch(utf8.AsSpan(0, utf8.Length - 1)));
        Assert.False(pattern.IsMatch(whole.AsSpan(0, whole.Length - 1)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Long_events_match_alike_with_the_walk_on_and_off(bool vector512) =>
        Hooks.With(vector512, static () => JsonStructurals.UseVector512, static v => JsonStructurals.UseVector512 = v, static () =>
            Check.One(s_config, Prop.ForAll(Arb.From(LongCases), pair =>
            {
                var (pattern, message) = pair;
                var bytes = Encoding.UTF8.GetBytes(message);
                var expected = ReferenceEvaluator.IsMatch(pattern, message);
                bool[] walked = [];
                bool[] unitwise = [];
                Hooks.With(true, static () => JsonStructurals.Enabled, static v => JsonStructurals.Enabled = v, () =>
                    walked = [pattern.IsMatch(message.AsSpan()), pattern.IsMatch(bytes)]);
                Hooks.With(false, static () => JsonStructurals.Enabled, static v => JsonStructurals.Enabled = v, () =>
                    unitwise = [pattern.IsMatch(message.AsSpan()), pattern.IsMatch(bytes)]);
                return (walked.All(m => m == expected) && unitwise.All(m => m == expected))
                    .Label($"pattern {pattern.Text} | event {message} | expected {expected} | walked {string.Join(",", walked)} | unit by unit {string.Join(",", unitwise)}");
            })));

    [Theory]
    [InlineData("{\"a\":\"x\"}")]
    [InlineData("{\"a\":1x}")]
    [InlineData("{\"a\":truex}")]
    [InlineData("{\"a\":\"\\q\"}")]
    [InlineData("{\"a\":\"\\u12G4\"}")]
    [InlineData("{\"a\":\"tab\there\"}")]
    [InlineData("{\"a\":[1,2,]}")]
    [InlineData("{\"a\":{\"b\":1,}}")]
    [InlineData("{\"a\":\"x\" \"b\":1}")]
    [InlineData("{\"a\":\"\\\\\"}")]
    [InlineData("{\"a\":\"\\\\\\\"\"}")]
    [InlineData("{\"a\":1\u000C}")]
    [InlineData("{\"a\":\"ok\"}\u001A")]
    [InlineData("{\"a\":{\"b\":1\u000C}}")]
    [InlineData("{\"a\":[\"x\":1]}")]
    [InlineData("{\"a\":{\"b\"}}")]
    [InlineData("{\"a\":{\"b\",\"c\":1}}")]
    [InlineData("{\"a\":{\"b\":1:2}}")]
    [InlineData("{\"a\":{\"b\":\"c\":2}}")]
    [InlineData("{\"a\":{\"b\":}}")]
    [InlineData("{\"a\":{:1}}")]
    [InlineData("{\"a\":{1:1}}")]
    [InlineData("{\"a\":{,}}")]
    [InlineData("{\"a\":[,1]}")]
    [InlineData("{\"a\":[1,,2]}")]
    [InlineData("{\"a\":[1 2]}")]
    [InlineData("{\"a\":[\"x\" \"y\"]}")]
    [InlineData("{\"a\":[{}{}]}")]
    [InlineData("{\"a\":[[]1]}")]
    [InlineData("{\"a\":{\"b\":1 \"c\":2}}")]
    [InlineData("{\"a\":{\"b\":1,\"c\"}}")]
    [InlineData("{\"a\":[}")]
    [InlineData("{\"a\":{]}")]
    [InlineData("{\"a\":[{\"b\":[1,{\"c\":\"d\"]}]}")]
    [InlineData("{\"a\":[{\"b\":1},]}")]
    [InlineData("{\"a\":[1]]}")]
    [InlineData("{\"a\":{\"b\":[]}}}")]
    [InlineData("{\"a\":[[[1]]}")]
    [InlineData("{\"a\":[tru]}")]
    [InlineData("{\"a\":[-]}")]
    [InlineData("{\"a\":[01]}")]
    [InlineData("{\"a\":{\"b\":nulls}}")]
    [InlineData("{\"a\":[\u00e9]}")]
    [InlineData("{\"a\":{\"b\":[1,{\"c\":[true,false,null,-1.5e3,\"\\u00e9\"]},[]],\"d\":{}},\"e\":[]}")]
    [InlineData("{\"a\":[{\"b\":{\"c\":[{},[],\"\",0]}}]}")]
    public void Hand_written_defects_read_alike_on_every_path(string json)
    {
        // Padded so that the defect sits in a later block, after a long string and long whitespace.
        var padded = "{\"pad\":\"" + new string('p', 90) + "\"," + new string(' ', 50) + json[1..];
        foreach (var text in new[] { json, padded })
        {
            var pattern = FilterPattern.Parse("{ $.zz NOT EXISTS }");
            var expected = ReferenceEvaluator.IsMatch(pattern, text);
            foreach (var (walk, wide) in new[] { (true, true), (true, false), (false, false) })
            {
                Hooks.With(walk, static () => JsonStructurals.Enabled, static v => JsonStructurals.Enabled = v, () =>
                    Hooks.With(wide, static () => JsonStructurals.UseVector512, static v => JsonStructurals.UseVector512 = v, () =>
                    {
                        Assert.Equal(expected, pattern.IsMatch(text.AsSpan()));
                        Assert.Equal(expected, pattern.IsMatch(Encoding.UTF8.GetBytes(text)));
                    }));
            }
        }
    }

    [Theory]
    [InlineData(998, true)]
    [InlineData(999, true)]
    [InlineData(1000, false)]
    [InlineData(1200, false)]
    public void Nesting_in_a_skipped_member_is_bounded_alike_with_the_walk_on_and_off(int containers, bool valid)
    {
        // Objects and arrays mixed (the kinds of open containers are kept in words of 64), inside the top-level object.
        var opens = Enumerable.Range(0, containers).Select(static i => i % 3 == 0 ? "[" : "{\"x\":").ToArray();
        var closes = opens.Reverse().Select(static o => o == "[" ? "]" : "}");
        var text = "{\"b\":" + string.Concat(opens) + "1" + string.Concat(closes) + "}";
        var pattern = FilterPattern.Parse("{ $.a NOT EXISTS }");
        foreach (var walk in new[] { true, false })
        {
            Hooks.With(walk, static () => JsonStructurals.Enabled, static v => JsonStructurals.Enabled = v, () =>
            {
                Assert.Equal(valid, pattern.IsMatch(text.AsSpan()));
                Assert.Equal(valid, pattern.IsMatch(Encoding.UTF8.GetBytes(text)));
            });
        }
    }

    private static Gen<(FilterPattern Pattern, string Event)> LongCases =>
        Gen.Frequency(
                (3, Generators.ParsedPattern.Where(p => p.Kind == FilterPatternKind.Json)),
                (1, Gen.Elements("{ $.absent NOT EXISTS }", "{ $.a NOT EXISTS }", "{ $.a.b = \"ERROR\" }", "{ $.ERROR.* = 42 }", "{ $.*.a IS NULL }").Select(FilterPattern.Parse)))
            .SelectMany(p => Generators.LongJsonEvent.Select(e => (p, e)));
}
