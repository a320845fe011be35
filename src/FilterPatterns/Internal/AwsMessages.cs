using System.Text;

namespace FilterPatterns;

/// <summary>The messages CloudWatch Logs is known to answer with (sources in grammar/README.md, "Error messages").</summary>
internal static class AwsMessages
{
    public const string InvalidFilterPattern = "Invalid filter pattern";

    public static string For(FilterPatternError error, string pattern, int offset, int length) => error switch
    {
        FilterPatternError.PatternTooLong =>
            $"1 validation error detected: Value '{pattern}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024",
        FilterPatternError.InvalidCharacterInTerm =>
            $"Invalid character(s) in term '{AsciiOnly(Slice(pattern, offset, length))}'",
        FilterPatternError.InvalidRegexCharacter or FilterPatternError.RegexGroupNotSupported =>
            $"Invalid character(s) in term '{AsciiOnly(EnclosingRegex(pattern, offset))}'",
        FilterPatternError.MissingClosingBrace => "If a filter pattern starts with '{' it must end with '}'",
        _ => InvalidFilterPattern,
    };

    // The %...% literal around an offending regex character: AWS names the whole term.
    private static string EnclosingRegex(string pattern, int offset)
    {
        offset = Math.Clamp(offset, 0, Math.Max(0, pattern.Length - 1));
        var open = pattern.LastIndexOf('%', Math.Max(0, offset - 1));
        var close = pattern.IndexOf('%', offset);
        return open >= 0 && close > open ? pattern[open..(close + 1)] : Slice(pattern, offset, 1);
    }

    private static string Slice(string pattern, int offset, int length)
    {
        offset = Math.Clamp(offset, 0, pattern.Length);
        length = Math.Clamp(length, 0, pattern.Length - offset);
        return pattern.Substring(offset, length);
    }

    // AWS shows non-ASCII characters of a rejected term as '?'.
    private static string AsciiOnly(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(rune.IsAscii ? (char)rune.Value : '?');
        }

        return builder.ToString();
    }
}
