namespace FilterPatterns;

/// <summary>
/// Limits applied when parsing and matching. The defaults are CloudWatch Logs' own limits where AWS documents one,
/// and otherwise a bound that keeps parsing and matching safe for any input.
/// </summary>
public sealed record FilterPatternOptions
{
    /// <summary>The options used by <see cref="FilterPattern.Parse(string)"/>: AWS's limits.</summary>
    public static FilterPatternOptions Default { get; } = new();

    /// <summary>Longest accepted pattern, in UTF-16 code units. AWS: 1024.</summary>
    public int MaxPatternLength { get; init; } = 1024;

    /// <summary>Deepest accepted nesting of parentheses in a JSON pattern. Guards the parser's and matcher's stack.</summary>
    public int MaxNestingDepth { get; init; } = 128;

    /// <summary>
    /// Deepest JSON nesting (objects and arrays) an event may have to be treated as JSON. Deeper events are not
    /// valid JSON for the matcher, so JSON patterns do not match them. Default 1000.
    /// </summary>
    public int MaxJsonDepth { get; init; } = 1000;

    /// <summary>Most regular expressions allowed inside one JSON or space-delimited pattern. AWS: 2.</summary>
    public int MaxRegexesPerPattern { get; init; } = 2;

    /// <summary>Most selectors containing a wildcard in one JSON pattern. AWS: 3.</summary>
    public int MaxWildcardSelectors { get; init; } = 3;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPatternLength, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNestingDepth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxJsonDepth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRegexesPerPattern, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWildcardSelectors, 0);
    }
}
