namespace FilterPatterns.Tests.Matching;

public sealed class LintTests
{
    [Theory]
    [InlineData("ERROR", "")]
    [InlineData("?ERROR ?WARN", "")]
    [InlineData("?ERROR ?ARGUMENTS REQUEST", "OptionalTermsIgnored OptionalTermsIgnored")]
    [InlineData("ERROR \" \"", "BlankTermHasNoEffect")]
    [InlineData("ERROR ERROR", "DuplicateTerm")]
    [InlineData("ERROR -ERR", "NeverMatches")]
    [InlineData("%a*%", "RegexMatchesEverything")]
    [InlineData("%a+%", "")]
    [InlineData("{ $.a = Ev*ent }", "InteriorStarIsLiteral")]
    [InlineData("{ $.a = \"400\" }", "QuotedNumberComparedAsString")]
    [InlineData("{ $.a = true }", "LiteralComparedAsString")]
    [InlineData("{ $.a != * }", "NotEqualsWildcard")]
    [InlineData("{ $.a = %x?% && $.b = 1 }", "RegexMatchesEverything")]
    [InlineData("[w1=ERROR, w2]", "ExactFieldCount")]
    [InlineData("[w1=ERROR, ...]", "")]
    [InlineData("[]", "")]
    [InlineData("[a, b = \"1\"]", "ExactFieldCount QuotedNumberComparedAsString")]
    public void Warns_about_patterns_that_do_not_do_what_they_look_like(string pattern, string codes)
    {
        var warnings = FilterPattern.Parse(pattern).Lint();
        Assert.Equal(codes, string.Join(' ', warnings.Select(w => w.Code.ToString())));
        Assert.All(warnings, w => Assert.InRange(w.Offset, 0, pattern.Length));
        Assert.All(warnings, w => Assert.False(string.IsNullOrWhiteSpace(w.Message)));
    }
}
