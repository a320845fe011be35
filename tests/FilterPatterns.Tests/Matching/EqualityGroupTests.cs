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
}
