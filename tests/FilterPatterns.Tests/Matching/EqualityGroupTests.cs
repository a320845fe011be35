using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
using FilterPatterns.Tests.Support;

namespace FilterPatterns.Tests.Matching;

/// <summary>Many <c>= "literal"</c> tests on one selector are decided by one lookup; the answers do not change.</summary>
public sealed class EqualityGroupTests
{
    private const string Pattern =
        "{ $.a = \"w\" || $.a = \"x\" || $.a = \"é\" || $.a = \"😀\" || $.a = \"10\" || $.a = \"Z\" || ($.a = \"x\" && $.b = \"y\") || $.a = \"AB\" }";

    [Theory]
    [InlineData("{\"a\":\"w\"}", true)]
    [InlineData("{\"a\":\"x\",\"b\":\"q\"}", true)]
    [InlineData("{\"a\":\"\\u0078\"}", true)]
    [InlineData("{\"a\":\"é\"}", true)]
    [InlineData("{\"a\":\"\\u00e9\"}", true)]
    [InlineData("{\"a\":\"\\ud83d\\ude00\"}", true)]
    [InlineData("{\"a\":10}", true)]
    [InlineData("{\"a\":10.0}", false)]
    [InlineData("{\"a\":\"A\"}", false)]
    [InlineData("{\"a\":\"ABC\"}", false)]
    [InlineData("{\"a\":\"Z\",\"a\":\"q\"}", false)]
    [InlineData("{\"a\":\"q\",\"a\":\"Z\"}", true)]
    [InlineData("{\"a\":[\"w\"]}", false)]
    [InlineData("{\"a\":true}", false)]
    public void Grouped_equalities_answer_as_separate_tests(string message, bool expected) =>
        Agreement.AnswersEverywhere(FilterPattern.Parse(Pattern), message, expected, FilterPattern.Parse("{ $.a = \"w\" }"));

    [Fact]
    public void A_value_whose_hash_equals_a_literals_is_told_apart_by_its_text()
    {
        // Two keys with one 32-bit hash (the birthday bound makes one likely within ~80,000 keys).
        var seen = new Dictionary<uint, string>();
        string literal, value;
        for (var i = 0; ; i++)
        {
            var key = $"key{i}";
            var hash = EqualityGroup.HashOf(Encoding.UTF8.GetBytes(key));
            if (seen.TryGetValue(hash, out var other))
            {
                (literal, value) = (other, key);
                break;
            }

            seen[hash] = key;
        }

        var group = new EqualityGroup([(0, new Literal("w")), (1, new Literal(literal)), (2, new Literal("x")), (3, new Literal("yz"))]);
        Assert.Equal(1, group.Find<byte>(Encoding.UTF8.GetBytes(literal), jsonEscaped: false));
        Assert.Equal(-1, group.Find<byte>(Encoding.UTF8.GetBytes(value), jsonEscaped: false));
        Assert.Equal(-1, group.Find<char>(value.AsSpan(), jsonEscaped: false));
    }

    [Theory]
    [InlineData("abcdefgh", "stuvwxyz")]
    [InlineData("", "")]
    [InlineData("eventName", "")]
    public void Keys_that_differ_anywhere_hash_apart(string prefix, string suffix)
    {
        // 1,000 keys that differ only in four digits, wherever the digits sit: no slot of the table gathers them.
        var hashes = Enumerable.Range(0, 1000).Select(i => EqualityGroup.HashOf(Encoding.UTF8.GetBytes($"{prefix}{i:D4}{suffix}"))).ToArray();
        Assert.True(hashes.Distinct().Count() >= 995, $"{hashes.Distinct().Count()} distinct hashes of 1,000 keys");
    }
}
