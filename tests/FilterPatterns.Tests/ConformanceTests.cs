using System.Text;
using FilterPatterns.Tests.Support;

namespace FilterPatterns.Tests;

/// <summary>
/// Every documented AWS example (Cases/*.cases, each with its source) on both input paths, with extracted values,
/// against the oracle too, and through a print/parse round trip.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> MatchCases => [.. CaseFile.All.Values.Where(c => !c.IsRejection).Select(c => c.Id)];

    public static TheoryData<string> RejectionCases => [.. CaseFile.All.Values.Where(c => c.IsRejection).Select(c => c.Id)];

    [Fact]
    public void Case_files_are_present()
    {
        Assert.NotEmpty(MatchCases);
        Assert.NotEmpty(RejectionCases);
    }

    [Theory]
    [MemberData(nameof(MatchCases))]
    public void Documented_example_matches_as_AWS_says(string id)
    {
        var c = CaseFile.All[id];
        var pattern = FilterPattern.Parse(c.Pattern);
        var message = c.Message!;

        Assert.True(c.Expected == pattern.IsMatch(message.AsSpan()), $"UTF-16 path disagrees with {c.Source}");
        Assert.True(c.Expected == pattern.IsMatch(Encoding.UTF8.GetBytes(message)), $"UTF-8 path disagrees with {c.Source}");
        Assert.True(c.Expected == ReferenceEvaluator.IsMatch(pattern, message), $"the oracle disagrees with {c.Source}");

        var match = pattern.Match(message);
        var utf8Match = pattern.Match(Encoding.UTF8.GetBytes(message));
        Assert.Equal(c.Expected, match.IsMatch);
        Assert.Equal(match.ExtractedValues, utf8Match.ExtractedValues);
        if (c.Extracted is not null)
        {
            Assert.Equal(c.Extracted.OrderBy(kv => kv.Key, StringComparer.Ordinal), match.ExtractedValues.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }

        Assert.Equal(pattern, FilterPattern.Parse(pattern.ToString()));
    }

    [Theory]
    [MemberData(nameof(RejectionCases))]
    public void Documented_rejection_is_rejected(string id)
    {
        var c = CaseFile.All[id];
        var e = Assert.Throws<FilterPatternException>(() => FilterPattern.Parse(c.Pattern));
        Assert.Equal(c.Error, e.Error);
        if (c.Offset is { } offset)
        {
            Assert.Equal(offset, e.Offset);
        }

        Assert.False(FilterPattern.TryParse(c.Pattern, out _));
    }
}
