using System.Numerics;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The cheap pre-check of a JSON pattern (built by <see cref="Compilation.JsonPrefilterBuilder"/>): an event without
/// a backslash that lacks every literal of some clause cannot match, so it is rejected without parsing. An event with a
/// backslash always goes on to the full pass, since an escape can hide any literal.
/// </summary>
internal sealed class JsonPrefilter : Prefilter
{
    private readonly LiteralSet[] _clauses;

    public JsonPrefilter(Literal[][] clauses) =>
        _clauses = [.. clauses.Where(static c => c.Length > 0 && c.All(static l => l.Utf8.Length > 0 && !l.ContainsReplacementChar)).Select(static c => new LiteralSet(c))];

    public bool IsEmpty => _clauses.Length == 0;

    /// <summary>Whether the event may match (false: it certainly does not).</summary>
    public bool MayMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var clause in _clauses)
        {
            if (clause.IndexOfAny(text) < 0)
            {
                return text.IndexOf(T.CreateTruncating('\\')) >= 0;
            }
        }

        return true;
    }

    /// <summary>For batch matching: the first occurrence of the most selective clause, or of a backslash.</summary>
    public override int FindCandidate<T>(ReadOnlySpan<T> text)
    {
        var clause = _clauses[0].IndexOfAny(text);
        var backslash = text[..(clause < 0 ? text.Length : clause)].IndexOf(T.CreateTruncating('\\'));
        return backslash >= 0 ? backslash : clause;
    }
}
