using System.Text;

namespace FilterPatterns.Tests.Support;

/// <summary>Asserts that a pattern gives the expected answer everywhere: the oracle, both paths, and inside a set.</summary>
internal static class Agreement
{
    public static void AnswersEverywhere(FilterPattern pattern, string message, bool expected, FilterPattern companion)
    {
        Assert.Equal(expected, ReferenceEvaluator.IsMatch(pattern, message));
        Assert.Equal(expected, pattern.IsMatch(message));
        Assert.Equal(expected, pattern.IsMatch(Encoding.UTF8.GetBytes(message)));
        var results = new bool[2];
        new FilterPatternSet([pattern, companion]).IsMatch(Encoding.UTF8.GetBytes(message), results);
        Assert.Equal(expected, results[0]);
    }
}
