namespace FilterPatterns.Matching;

/// <summary>
/// A compiled pattern: answers "does this event match" over UTF-8 and UTF-16 spans. Implementations never allocate
/// and never throw in <see cref="IsMatch(ReadOnlySpan{byte})"/> and <see cref="IsMatch(ReadOnlySpan{char})"/>, and give
/// the same answer for an event in either encoding.
/// </summary>
internal abstract class Matcher
{
    public abstract bool IsMatch(ReadOnlySpan<byte> utf8);

    public abstract bool IsMatch(ReadOnlySpan<char> utf16);

    /// <summary>A sound pre-check every matching event passes, if the pattern has one; used by batch matching.</summary>
    public virtual Prefilter? Prefilter => null;

    /// <summary>Matches and extracts; the default extracts nothing (text and regex patterns).</summary>
    public virtual FilterMatch Match(ReadOnlySpan<char> utf16) =>
        IsMatch(utf16) ? FilterMatch.MatchWithoutValues : FilterMatch.NoMatch;

    /// <summary>Matches and extracts; the default extracts nothing (text and regex patterns).</summary>
    public virtual FilterMatch Match(ReadOnlySpan<byte> utf8) =>
        IsMatch(utf8) ? FilterMatch.MatchWithoutValues : FilterMatch.NoMatch;
}
