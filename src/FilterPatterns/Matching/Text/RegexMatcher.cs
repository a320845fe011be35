using System.Numerics;
using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// A whole-pattern regular expression <c>%...%</c>, searched anywhere in the event, behind a literal pre-check where
/// one exists: every alternative contains a run of fixed characters (its longest is kept), so an event containing
/// none of those runs cannot match and never reaches the regex engine. The runs are ASCII (AWS expressions are), so
/// searching them in raw UTF-8 or UTF-16 is exact.
/// </summary>
internal sealed class RegexMatcher : Matcher
{
    private readonly CompiledRegex _regex;
    private readonly LiteralSet? _any;
    private readonly bool _prefilterDecides;

    public RegexMatcher(CompiledRegex regex)
    {
        _regex = regex;
        if (regex.PlainSearch is { } alternatives)
        {
            // Unanchored fixed text: the search for its alternatives is both the pre-check and the whole answer.
            _any = alternatives;
            _prefilterDecides = true;
        }
        else if (RequiredLiterals(regex.Tree) is { Length: > 0 } literals)
        {
            _any = new LiteralSet(literals);
        }

        Prefilter = _any is null ? null : new Prefilter.AnyLiteral(_any);
    }

    public override Prefilter? Prefilter { get; }

    public override bool IsMatch(ReadOnlySpan<byte> utf8) => MayMatch(utf8) && (_prefilterDecides || _regex.IsMatch(utf8));

    public override bool IsMatch(ReadOnlySpan<char> utf16) => MayMatch(utf16) && (_prefilterDecides || _regex.IsMatch(utf16));

    private bool MayMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IEquatable<T> =>
        _any is null || _any.ContainsAny(text);

    /// <summary>
    /// One literal per alternative (its longest run of single fixed characters, repetitions like <c>a{3}</c>
    /// included), or null when some alternative has none: then nothing is required.
    /// </summary>
    internal static Literal[]? RequiredLiterals(RegexTree tree)
    {
        var literals = new List<string>();
        foreach (var branch in tree.Branches)
        {
            var best = string.Empty;
            var run = new StringBuilder();
            foreach (var piece in branch)
            {
                if (piece.Kind == RegexAtomKind.Set && piece.Set.TryGetSingle(out var c) && piece.Min >= 1)
                {
                    run.Append(c, piece.Min);
                    if (piece.Max == piece.Min)
                    {
                        continue;
                    }
                }
                else if (piece.Kind != RegexAtomKind.Set || piece.Max == 0)
                {
                    // Anchors and x{0} take no characters: the run goes on across them.
                    continue;
                }

                // A piece that may vary (a set, or a single character repeated a variable number of times) ends the run.
                if (run.Length > best.Length)
                {
                    best = run.ToString();
                }

                run.Clear();
            }

            if (run.Length > best.Length)
            {
                best = run.ToString();
            }

            if (best.Length == 0)
            {
                return null;
            }

            literals.Add(best);
        }

        return [.. literals.Distinct(StringComparer.Ordinal).Select(static l => new Literal(l))];
    }
}
