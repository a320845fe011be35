using System.Text;
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
        Check.One(s_config, Prop.ForAll(Arb.From(SetsAndEvents), pair =>
        {
            var (patterns, events) = pair;
            var set = new FilterPatternSet(patterns);
            var results = new bool[patterns.Length];
            foreach (var message in events)
            {
                var bytes = Encoding.UTF8.GetBytes(message);
                var count16 = set.IsMatch(message.AsSpan(), results);
                for (var i = 0; i < patterns.Length; i++)
                {
                    if (results[i] != patterns[i].IsMatch(message.AsSpan()))
                    {
                        return false.Label($"UTF-16: pattern {patterns[i].Text} on {message}");
                    }
                }

                var count8 = set.IsMatch(bytes, results);
                for (var i = 0; i < patterns.Length; i++)
                {
                    if (results[i] != patterns[i].IsMatch(bytes))
                    {
                        return false.Label($"UTF-8: pattern {patterns[i].Text} on {message}");
                    }
                }

                if (count8 != count16 || count8 != results.Count(r => r))
                {
                    return false.Label("counts");
                }
            }

            return true.ToProperty();
        }));

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
