namespace FilterPatterns.Matching.Text;

/// <summary>A whole-pattern regular expression <c>%...%</c>: searched anywhere in the event.</summary>
internal sealed class RegexMatcher(CompiledRegex regex) : Matcher
{
    public override bool IsMatch(ReadOnlySpan<byte> utf8) => regex.IsMatch(utf8);

    public override bool IsMatch(ReadOnlySpan<char> utf16) => regex.IsMatch(utf16);
}
