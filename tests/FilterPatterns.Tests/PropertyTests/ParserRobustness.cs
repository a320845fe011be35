using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.PropertyTests;

/// <summary>Whatever it is given, Parse returns a pattern or throws FilterPatternException, and nothing else.</summary>
public sealed class ParserRobustness
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true);

    private static bool ParsesOrRejects(string text)
    {
        try
        {
            var pattern = FilterPattern.Parse(text);
            return pattern.ToString() is not null;
        }
        catch (FilterPatternException e)
        {
            return e.Offset >= 0 && e.Offset <= text.Length && e.Length >= 0 && e.Offset + e.Length <= text.Length &&
                   e.Error != FilterPatternError.None && e.Message.Length > 0 && e.AwsMessage.Length > 0;
        }
    }

    private static Gen<string> PatternNoise =>
        Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements("{", "}", "[", "]", "(", ")", "$", ".", "*", "\"", "'", "%", "?", "-", "=", "!",
                "<", ">", "&", "|", ",", "\\", " ", "a", "Z", "0", "9", "_", "IS", "NOT", "EXISTS", "...", "&&", "||", "\\x4", "{2,", "é", "\uD83D", "\0"), n))
            .Select(string.Concat);

    /// <summary>A valid pattern with one character deleted, duplicated or replaced.</summary>
    private static Gen<string> MutatedPattern =>
        Generators.AnyPattern.Where(p => p.Length > 0).SelectMany(p => Gen.Choose(0, p.Length - 1).SelectMany(i => Gen.Elements(
            p.Remove(i, 1),
            p.Insert(i, p[i].ToString()),
            p.Remove(i, 1).Insert(i, "\""),
            p.Remove(i, 1).Insert(i, "("))));

    [Fact]
    public void Arbitrary_strings_parse_or_throw_FilterPatternException() =>
        Check.One(s_config, Prop.ForAll(Arb.From(Gen.OneOf(ArbMap.Default.GeneratorFor<string>().Where(s => s is not null), PatternNoise, MutatedPattern)), ParsesOrRejects));

    [Fact]
    public void Every_prefix_of_every_valid_pattern_parses_or_throws_FilterPatternException()
    {
        var valid = CaseFile.All.Values.Where(c => !c.IsRejection).Select(c => c.Pattern)
            .Concat(Generators.AnyPattern.Sample(300, 40))
            .Where(p => FilterPattern.TryParse(p, out _))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(valid);
        foreach (var pattern in valid)
        {
            for (var length = 0; length <= pattern.Length; length++)
            {
                var prefix = pattern[..length];
                Assert.True(ParsesOrRejects(prefix), $"prefix '{prefix}' of '{pattern}'");
            }
        }
    }

    [Theory]
    [InlineData('(', ')')]
    public void Deep_parentheses_are_refused_not_a_stack_overflow(char open, char close)
    {
        var options = FilterPatternOptions.Default with { MaxPatternLength = int.MaxValue };
        var depth = 200_000;
        var text = "{ " + new string(open, depth) + "$.a = 1" + new string(close, depth) + " }";
        var e = Assert.Throws<FilterPatternException>(() => FilterPattern.Parse(text, options));
        Assert.Equal(FilterPatternError.NestingTooDeep, e.Error);
        Assert.Equal(2 + options.MaxNestingDepth, e.Offset);
    }

    [Fact]
    public void Parentheses_as_deep_as_the_limit_are_accepted()
    {
        var depth = FilterPatternOptions.Default.MaxNestingDepth;
        var options = FilterPatternOptions.Default with { MaxPatternLength = int.MaxValue };
        var pattern = FilterPattern.Parse("{" + new string('(', depth) + "$.a = 1" + new string(')', depth) + "}", options);
        Assert.True(pattern.IsMatch("{\"a\":1}"));
    }

    [Fact]
    public void Deeply_nested_events_do_not_match_and_do_not_overflow_the_stack()
    {
        var pattern = FilterPattern.Parse("{ $.a NOT EXISTS }");
        var depth = 1_000_000;
        var deep = "{\"b\":" + new string('[', depth) + new string(']', depth) + "}";
        Assert.False(pattern.IsMatch(deep));
        var atLimit = "{\"b\":" + new string('[', 999) + new string(']', 999) + "}";
        Assert.True(pattern.IsMatch(atLimit));
    }
}
