using System.Text;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>Many <c>= "prefix*"</c> tests on one selector are decided by a lookup per prefix length; the answers do not change.</summary>
public sealed class PrefixGroupTests
{
    private const string Pattern =
        "{ $.a = \"w*\" || $.a = \"x*\" || $.a = \"é*\" || $.a = \"😀*\" || $.a = \"10*\" || $.a = \"AB*\" || ($.a = \"Zq*\" && $.b = \"y\") }";

    private static readonly Gen<string> s_text = Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", "é", "😀", "1"), n)).Select(string.Concat);

    [Theory]
    [InlineData("{\"a\":\"wat\"}", true)]
    [InlineData("{\"a\":\"\\u0077at\"}", true)]
    [InlineData("{\"a\":\"éa\"}", true)]
    [InlineData("{\"a\":\"\\u00e9\"}", true)]
    [InlineData("{\"a\":\"😀x\"}", true)]
    [InlineData("{\"a\":105}", true)]
    [InlineData("{\"a\":1}", false)]
    [InlineData("{\"a\":\"A\"}", false)]
    [InlineData("{\"a\":\"ABC\"}", true)]
    [InlineData("{\"a\":\"Zqq\"}", false)]
    [InlineData("{\"a\":\"Zqq\",\"b\":\"y\"}", true)]
    [InlineData("{\"a\":\"wat\",\"a\":\"q\"}", false)]
    [InlineData("{\"a\":\"q\",\"a\":\"wat\"}", true)]
    [InlineData("{\"a\":[\"w\"]}", false)]
    [InlineData("{\"a\":true}", false)]
    public void Grouped_prefixes_answer_as_separate_tests(string message, bool expected) =>
        Agreement.AnswersEverywhere(FilterPattern.Parse(Pattern), message, expected, FilterPattern.Parse("{ $.a = \"w*\" }"));

    [Fact]
    public void Any_prefixes_answer_as_the_reference_evaluator() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(
            from prefixes in Gen.ArrayOf(s_text.Where(static t => t.Length > 0), 4)
            from value in s_text
            from second in s_text
            from duplicate in Gen.Elements(true, false)
            select (prefixes, value, second, duplicate)), c =>
        {
            var pattern = FilterPattern.Parse("{ " + string.Join(" || ", c.prefixes.Select(static p => $"$.a = \"{p}*\"")) + " }");
            var message = c.duplicate ? $"{{\"a\":\"{c.value}\",\"a\":\"{c.second}\"}}" : $"{{\"a\":\"{c.value}\"}}";
            var expected = ReferenceEvaluator.IsMatch(pattern, message);
            return (pattern.IsMatch(message) == expected && pattern.IsMatch(Encoding.UTF8.GetBytes(message)) == expected)
                .Label($"{pattern.Text} | {message}");
        }));
}
