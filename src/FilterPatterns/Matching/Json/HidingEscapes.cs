using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The JSON escapes that can spell a character of a pre-check literal otherwise than the literal does. The literal
/// builder (<see cref="Compilation.JsonPrefilterBuilder"/>) keeps no literal with a quote, backslash or control
/// character inside (a literal's quotes are a string's own delimiters), so only <c>\uXXXX</c> (any character) and
/// <c>\/</c> (a slash) can. <see cref="LiteralSearch"/> looks for the same two in its one-pass literal-or-escape search.
/// </summary>
internal static class HidingEscapes
{
    private static readonly Literal[] s_unicodeLiterals = [new("\\u")];
    private static readonly Literal[] s_unicodeOrSlashLiterals = [.. s_unicodeLiterals, new("\\/")];
    private static readonly LiteralSet s_unicode = new(s_unicodeLiterals);
    private static readonly LiteralSet s_unicodeOrSlash = new(s_unicodeOrSlashLiterals);

    /// <summary>Whether <c>\/</c> can hide a character of one of <paramref name="literals"/> (one has a slash).</summary>
    public static bool IncludeSlash(IEnumerable<Literal> literals) => literals.Any(static l => l.Utf16.Contains('/', StringComparison.Ordinal));

    /// <summary>The escapes as literals: <c>\u</c>, and <c>\/</c> when <paramref name="slash"/>.</summary>
    public static IReadOnlyList<Literal> Literals(bool slash) => slash ? s_unicodeOrSlashLiterals : s_unicodeLiterals;

    /// <summary>The escapes to search for: <c>\u</c>, and <c>\/</c> when <paramref name="slash"/>.</summary>
    public static LiteralSet Search(bool slash) => slash ? s_unicodeOrSlash : s_unicode;
}
