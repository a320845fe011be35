using FilterPatterns.Internal;
using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// An expression whose every alternative is fixed text, optionally anchored: <c>%ERROR%</c>, <c>%^GET /%</c>,
/// <c>%timeout$%</c>, <c>%WARN|FATAL%</c>. It is decided by plain searches and comparisons on the raw event, with no
/// regex engine built: the text is ASCII (AWS expressions are), an ASCII character is one byte in UTF-8 and one char in
/// UTF-16, and no other sequence reads as one, so a search of the raw event agrees with a search of the projected one.
/// </summary>
internal sealed class LiteralRegex
{
    private readonly LiteralSet? _anywhere;
    private readonly bool _matchesEverything;
    private readonly Anchored[] _anchored;

    private LiteralRegex(List<Literal> anywhere, bool matchesEverything, Anchored[] anchored)
    {
        _anywhere = anywhere.Count > 0 ? new LiteralSet(anywhere) : null;
        _matchesEverything = matchesEverything;
        _anchored = anchored;
    }

    /// <summary>
    /// The alternatives, when all are unanchored fixed text: then the expression is exactly a search for any of them
    /// (and that search is its whole pre-check). Null otherwise.
    /// </summary>
    public LiteralSet? PlainSearch => _anchored.Length == 0 && !_matchesEverything ? _anywhere : null;

    /// <summary>The literal form of <paramref name="tree"/>, or null when some alternative has a set or a variable repetition.</summary>
    public static LiteralRegex? TryCreate(RegexTree tree)
    {
        var anywhere = new List<Literal>();
        var anchored = new List<Anchored>();
        var matchesEverything = false;
        foreach (var branch in tree.Branches)
        {
            var pieces = branch.AsSpan();
            var atStart = false;
            var atEnd = false;
            while (!pieces.IsEmpty && pieces[0].Kind == RegexAtomKind.Start)
            {
                atStart = true;
                pieces = pieces[1..];
            }

            while (!pieces.IsEmpty && pieces[^1].Kind == RegexAtomKind.End)
            {
                atEnd = true;
                pieces = pieces[..^1];
            }

            var text = new System.Text.StringBuilder();
            foreach (var piece in pieces)
            {
                // An anchor inside the text, a set or a variable repetition needs the engine.
                if (piece.Kind != RegexAtomKind.Set || piece.Min != piece.Max || !piece.Set.TryGetSingle(out var c))
                {
                    return null;
                }

                text.Append(c, piece.Min);
            }

            var literal = new Literal(text.ToString());
            if (atStart || atEnd)
            {
                anchored.Add(new Anchored(literal, atStart, atEnd));
            }
            else if (literal.Utf16.Length == 0)
            {
                matchesEverything = true;
            }
            else
            {
                anywhere.Add(literal);
            }
        }

        return new LiteralRegex(anywhere, matchesEverything, [.. anchored]);
    }

    public bool IsMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IEquatable<T>
    {
        if (_matchesEverything || (_anywhere is not null && _anywhere.ContainsAny(text)))
        {
            return true;
        }

        foreach (var branch in _anchored)
        {
            var literal = branch.Text.Get<T>();
            var holds = (branch.AtStart, branch.AtEnd) switch
            {
                (true, true) => text.SequenceEqual(literal),
                (true, false) => text.StartsWith(literal),
                _ => text.EndsWith(literal),
            };
            if (holds)
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Anchored(Literal Text, bool AtStart, bool AtEnd);
}
