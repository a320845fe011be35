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
/// perf: the first clause and the escapes are searched in one pass: a single literal by the literal-or-escape search;
/// up to 6 literals (8 with the escapes) as one set searched by rare byte pairs (<see cref="AnchoredPairSearch"/>), where
/// a two-byte escape costs the others nothing. Otherwise the escapes are a second search, only over events the clause
/// search rejected (as more literals of a prefix-Teddy set, a two-byte literal shortens the fingerprint of them all).
/// </remarks>
internal sealed class JsonPrefilter : Prefilter
{
    private readonly LiteralSet[] _clauses;

    // Per clause: whether it is searched only from where the single first clause was found (see
    // JsonPrefilterBuilder.Plan); all false unless that first clause is _single.
    private readonly bool[] _afterFirst;
    private readonly LiteralSet _escapes;
    private readonly Literal? _single;

    // The first clause's literals and the escapes, when they make one set searched by byte pairs; else null.
    private readonly LiteralSet? _firstOrEscape;
    private readonly bool _slash;

    /// <param name="clauses">Each must have one of its literals in a matching event.</param>
    /// <param name="afterFirst">
    /// Per clause, whether a matching event has it after the first clause's first occurrence (only for a first clause of
    /// one literal); null: none.
    /// </param>
    public JsonPrefilter(Literal[][] clauses, bool[]? afterFirst = null)
    {
        var usable = Enumerable.Range(0, clauses.Length)
            .Where(c => clauses[c].Length > 0 && clauses[c].All(static l => l.Utf8.Length > 0 && !l.ContainsReplacementChar)).ToArray();
        var kept = Array.ConvertAll(usable, c => clauses[c]);
        _clauses = [.. kept.Select(static c => new LiteralSet(c))];

        // Only where the first clause kept is the one the others follow.
        var firstKept = usable is [0, ..] && afterFirst is not null;
        _afterFirst = Array.ConvertAll(usable, c => firstKept && c > 0 && afterFirst![c]);
        _slash = HidingEscapes.IncludeSlash(kept.SelectMany(static c => c));
        _escapes = HidingEscapes.Search(_slash);
        _single = kept is [[var only], ..] ? only : null;
        if (_single is null && kept.Length > 0)
        {
            var firstOrEscape = new LiteralSet([.. kept[0], .. HidingEscapes.Literals(_slash)]);
            _firstOrEscape = firstOrEscape.Pairs is not null ? firstOrEscape : null;
        }
    }

    public bool IsEmpty => _clauses.Length == 0;

    /// <summary>Whether the event may match (false: it certainly does not).</summary>
    public bool MayMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        var from = 0;
        var first = 0;
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
            first = at;
        }
        else if (_firstOrEscape is not null)
        {
            // Found: the clause, or an escape (which the clauses after it check for when they fail).
            if (!_firstOrEscape.ContainsAny(text))
            {
                return false;
            }

            from = 1;
        }

        for (var c = from; c < _clauses.Length; c++)
        {
            // perf: a member's value after its name (the escapes, which could spell either, are looked for everywhere).
            if (!_clauses[c].ContainsAny(_afterFirst[c] ? text[first..] : text))
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
