using System.Text;
using FilterPatterns.Matching.Text;
using FilterPatterns.Syntax.Ast;
using FilterPatterns.Tests.PropertyTests;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>Expressions of fixed text are searched as text, with no regex engine built; they must mean the same.</summary>
public sealed class LiteralRegexTests
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true);

    [Theory]
    [InlineData("%ERROR%", true)]
    [InlineData("%^GET /%", true)]
    [InlineData("%timeout$%", true)]
    [InlineData("%^exact$%", true)]
    [InlineData("%WARN|FATAL|^x%", true)]
    [InlineData(@"%a{3}\.b{0}%", true)]
    [InlineData("%a|%", true)]
    [InlineData("%a^b%", false)]
    [InlineData("%a$b%", false)]
    [InlineData("%ab+%", false)]
    [InlineData("%a{1,2}%", false)]
    [InlineData("%[ab]%", false)]
    [InlineData("%a.c%", false)]
    [InlineData("%fixed|a.c%", false)]
    public void Only_fixed_text_skips_the_engine(string pattern, bool literal)
    {
        var tree = ((RegexPatternSyntax)FilterPattern.Parse(pattern).Syntax).Regex.Tree;
        var compiled = CompiledRegex.TryCreate(tree)!;
        Assert.Equal(literal, !compiled.UsesEngine);
    }

    [Theory]
    [InlineData("%^exact$%", "exact", true)]
    [InlineData("%^exact$%", "exact ", false)]
    [InlineData("%^exact$%", " exact", false)]
    [InlineData("%^GET%", "GET /", true)]
    [InlineData("%^GET%", " GET", false)]
    [InlineData("%ms$%", "took 5 ms", true)]
    [InlineData("%ms$%", "ms took", false)]
    [InlineData("%a|%", "anything", true)]
    [InlineData("%^$%", "", true)]
    [InlineData("%^$%", "x", false)]
    [InlineData("%x|^y|z$%", "-y-", false)]
    [InlineData("%x|^y|z$%", "-z", true)]
    public void Anchors_and_alternatives_keep_their_meaning(string pattern, string message, bool expected)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(expected, ReferenceEvaluator.IsMatch(parsed, message));
        Assert.Equal(expected, parsed.IsMatch(message));
        Assert.Equal(expected, parsed.IsMatch(Encoding.UTF8.GetBytes(message)));
    }

    [Fact]
    public void Fixed_text_expressions_agree_with_the_reference_on_both_paths()
    {
        var piece = Gen.Elements("a", "b", "E", " ", @"\x41", @"\.", "ab").SelectMany(atom =>
            Gen.Elements("", "", "", "{2}", "{0}").Select(quantifier => atom + quantifier));
        var branch = Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(piece, n)).SelectMany(pieces =>
            Gen.Elements("", "", "^").SelectMany(start => Gen.Elements("", "", "$").Select(end => start + string.Concat(pieces) + end)));
        var body = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(branch, n)).Select(branches => string.Join('|', branches));
        var pattern = Gen.OneOf(body.Select(b => "%" + b + "%"), body.Select(b => "{ $.m = %" + b + "% }"));
        var message = Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", "E", "A", ".", " ", "é", "\uD83D\uDE00", "\uD800"), n))
            .Select(string.Concat);
        Check.One(s_config, Prop.ForAll(Arb.From(pattern.Where(p => FilterPattern.TryParse(p, out _)).SelectMany(p => message.Select(m => (p, m)))), pair =>
        {
            var (text, raw) = pair;
            var parsed = FilterPattern.Parse(text);
            var message = text.StartsWith('{') ? "{\"m\":\"" + raw.Replace("\uD800", string.Empty, StringComparison.Ordinal) + "\"}" : raw;
            var expected = ReferenceEvaluator.IsMatch(parsed, message);
            return (parsed.IsMatch(message.AsSpan()) == expected && parsed.IsMatch(Encoding.UTF8.GetBytes(message)) == expected)
                .Label($"pattern {text} | event {message} | expected {expected}");
        }));
    }
}
