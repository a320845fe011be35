using FilterPatterns.Matching.Text;
using FilterPatterns.Syntax.Ast;
using FilterPatterns.Tests.Support;

namespace FilterPatterns.Tests.Matching;

public sealed class RegexPrefilterTests
{
    [Theory]
    [InlineData("%AUTHORIZED%", "AUTHORIZED")]
    [InlineData("%ab+c%", "ab")]
    [InlineData("%xa{3}y[0-9]%", "xaaay")]
    [InlineData(@"%\d+\.\d+ ms%", " ms")]
    [InlineData("%gra|ey%", "gra,ey")]
    [InlineData("%^start%", "start")]
    [InlineData("%a?bc%", "bc")]
    [InlineData("%E {0}a%", "Ea")]
    [InlineData(@"%\d+%", null)]
    [InlineData("%error|.*%", null)]
    public void Requires_the_longest_fixed_run_of_every_alternative(string pattern, string? expected)
    {
        var tree = ((RegexPatternSyntax)FilterPattern.Parse(pattern).Syntax).Regex.Tree;
        var literals = RegexMatcher.RequiredLiterals(tree);
        Assert.Equal(expected, literals is null ? null : string.Join(',', literals.Select(l => l.Utf16)));
    }

    [Theory]
    [InlineData("%ab+c%", "xabbbc", true)]
    [InlineData("%ab+c%", "xabc", true)]
    [InlineData("%ab+c%", "xac", false)]
    [InlineData("%gra|ey%", "key", true)]
    [InlineData("%a^b%", "ab", false)]
    [InlineData("%xa{2,3}y%", "xaay", true)]
    public void Pre_check_is_sound(string pattern, string message, bool expected)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(expected, ReferenceEvaluator.IsMatch(parsed, message));
        Assert.Equal(expected, parsed.IsMatch(message));
        Assert.Equal(expected, parsed.IsMatch(System.Text.Encoding.UTF8.GetBytes(message)));
    }
}
