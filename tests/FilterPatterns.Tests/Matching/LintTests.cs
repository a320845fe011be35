using FilterPatterns.Tests.PropertyTests;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

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
    [InlineData("%^%", "RegexMatchesEverything")]
    [InlineData("%x|a{0}$%", "RegexMatchesEverything")]
    [InlineData("%^$%", "")]
    [InlineData("%$^|x%", "")]
    [InlineData("%^a?$%", "")]
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

    /// <summary>The warning is never a false alarm: an expression said to match everything matches every event.</summary>
    [Fact]
    public void A_regex_said_to_match_everything_matches_every_event() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), Prop.ForAll(
            Arb.From(Generators.RegexBodyWith(anchorWeight: 3, minPieces: 0).Where(b => FilterPattern.TryParse("%" + b + "%", out _))
                .SelectMany(b => Generators.RegexEvent(RegexEngineTests.Tree(b)).Select(e => (b, e)))),
            pair =>
            {
                var tree = RegexEngineTests.Tree(pair.b);
                return !tree.MatchesEverything || (ReferenceEvaluator.Regex(tree, pair.e) && ReferenceEvaluator.Regex(tree, string.Empty));
            }));
}
