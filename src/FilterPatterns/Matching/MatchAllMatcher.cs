namespace FilterPatterns.Matching;

/// <summary>The empty pattern, a blank pattern and <c>" "</c>: every event matches.</summary>
internal sealed class MatchAllMatcher : Matcher
{
    public static MatchAllMatcher Instance { get; } = new();

    private MatchAllMatcher()
    {
    }

    public override bool IsMatch(ReadOnlySpan<byte> utf8) => true;

    public override bool IsMatch(ReadOnlySpan<char> utf16) => true;
}
