using System.Numerics;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The cheap pre-check of a JSON pattern (built by <see cref="Compilation.JsonPrefilterBuilder"/>): an event that lacks
/// every literal of some clause cannot match, so it is rejected without parsing, unless it has one of the
/// <see cref="HidingEscapes"/> (<c>\uXXXX</c>, or <c>\/</c> for literals with a slash). An event with escapes of other
/// kinds only (embedded JSON's <c>\"</c>, CloudTrail's commonest) is still rejected.
/// </summary>
/// <remarks>
/// perf: when the first clause is one literal (the usual case), one pass finds it or an escape. Otherwise the escapes are
/// a second search, only over events the clause search rejected: searching them in the same pass, as more literals of
/// the set, measured slower on CloudTrail (a two-byte literal shortens the set's fingerprint for all its literals).
/// </remarks>
internal sealed class JsonPrefilter : Prefilter
{
    private readonly LiteralSet[] _clauses;
    private readonly LiteralSet _escapes;
    private readonly Literal? _single;
    private readonly bool _slash;

    public JsonPrefilter(Literal[][] clauses)
    {
        var kept = clauses.Where(static c => c.Length > 0 && c.All(static l => l.Utf8.Length > 0 && !l.ContainsReplacementChar)).ToArray();
        _clauses = [.. kept.Select(static c => new LiteralSet(c))];
        _slash = HidingEscapes.IncludeSlash(kept.SelectMany(static c => c));
        _escapes = HidingEscapes.Search(_slash);
        _single = kept is [[var only], ..] ? only : null;
    }

    public bool IsEmpty => _clauses.Length == 0;

    /// <summary>Whether the event may match (false: it certainly does not).</summary>
    public bool MayMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        var from = 0;
        if (_single is not null)
        {
            var at = _single.IndexOfLiteralOrEscapeIn(text, _slash);
            if (at < 0)
            {
                return false;
            }

            if (text[at] == T.CreateTruncating('\\'))
            {
                return true;
            }

            from = 1;
        }

        for (var c = from; c < _clauses.Length; c++)
        {
            if (!_clauses[c].ContainsAny(text))
            {
                return _escapes.ContainsAny(text);
            }
        }

        return true;
    }

    /// <summary>For batch matching: the first occurrence of the most selective clause, or of an escape that may hide one.</summary>
    public override int FindCandidate<T>(ReadOnlySpan<T> text)
    {
        if (_single is not null)
        {
            return _single.IndexOfLiteralOrEscapeIn(text, _slash);
        }

        var clause = _clauses[0].IndexOfAny(text);
        var escape = _escapes.IndexOfAny(text[..(clause < 0 ? text.Length : clause)]);
        return escape >= 0 ? escape : clause;
    }
}
