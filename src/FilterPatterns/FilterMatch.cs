using System.Collections.Frozen;

namespace FilterPatterns;

/// <summary>
/// The result of <see cref="FilterPattern.Match(string)"/>: whether the event matched and the values
/// <c>TestMetricFilter</c> would report as <c>extractedValues</c>.
/// </summary>
public sealed class FilterMatch
{
    private static readonly IReadOnlyDictionary<string, string> s_empty = FrozenDictionary<string, string>.Empty;

    /// <summary>The result for an event that does not match.</summary>
    public static FilterMatch NoMatch { get; } = new(false, s_empty);

    /// <summary>A match that extracts nothing (text and regex patterns).</summary>
    internal static FilterMatch MatchWithoutValues { get; } = new(true, s_empty);

    internal FilterMatch(bool isMatch, IReadOnlyDictionary<string, string> extractedValues)
    {
        IsMatch = isMatch;
        ExtractedValues = extractedValues;
    }

    /// <summary>Whether the event matched the pattern.</summary>
    public bool IsMatch { get; }

    /// <summary>
    /// The extracted values, keyed as TestMetricFilter keys them: <c>$name</c> for named space-delimited fields and
    /// <c>$1</c>…<c>$n</c> for the others; JSON patterns give each selector that lands on a scalar (<c>$.a.b</c>).
    /// Empty for text and regex patterns and for events that do not match.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExtractedValues { get; }
}
