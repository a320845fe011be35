using System.Runtime.CompilerServices;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// Unstructured text: every required term present, no excluded term present, and, when the pattern has only
/// optional terms, at least one of them present. Terms are case-sensitive substrings. The strategy is chosen once,
/// by shape: a single literal is one vectorized <c>IndexOf</c>; optional terms are one <see cref="LiteralSet"/> pass;
/// otherwise required terms are searched longest first (most events lack the first one) and exclusions after.
/// </summary>
internal sealed class TextMatcher : Matcher
{
    private readonly Shape _shape;
    private readonly Literal _single;
    private readonly Literal[] _required;
    private readonly Literal[] _excluded;
    private readonly LiteralSet? _optional;
    private readonly AnchoredPairSearch? _anyPairs;
    private readonly AnchoredPairSearch? _anyPairs16;
    private readonly bool _needsNormalizedInput;

    // The general shape with a required term and no term that needs the event decoded: the first required term (the
    // longest) is searched before anything else, straight from IsMatch, as most events lack it.
    private readonly bool _requiredFirst;

    /// <param name="required">Terms the event must contain.</param>
    /// <param name="excluded">Terms the event must not contain.</param>
    /// <param name="optional">Terms of which the event must contain one; empty means no such requirement.</param>
    public TextMatcher(Literal[] required, Literal[] excluded, Literal[] optional)
    {
        _required = [.. required.OrderByDescending(static t => t.Utf8.Length)];
        _excluded = excluded;
        _optional = optional.Length > 0 ? new LiteralSet(optional) : null;
        _needsNormalizedInput = required.Concat(excluded).Concat(optional).Any(static t => t.ContainsReplacementChar);
        _shape = (required.Length, excluded.Length, optional.Length) switch
        {
            (1, 0, 0) => Shape.Single,
            (0, 0, > 0) => Shape.Any,
            _ => Shape.General,
        };
        _single = _required.FirstOrDefault() ?? new Literal(string.Empty);
        _requiredFirst = _shape == Shape.General && _required.Length > 0 && !_needsNormalizedInput;
        _anyPairs = _shape == Shape.Any && !_needsNormalizedInput ? _optional!.Pairs : null;
        _anyPairs16 = _shape == Shape.Any && !_needsNormalizedInput ? _optional!.Pairs16 : null;
        var anchor = _required.FirstOrDefault(static t => !t.ContainsReplacementChar);
        Prefilter = anchor is null ? null : new Prefilter.RequiredLiteral(anchor);
    }

    private enum Shape : byte
    {
        Single,
        Any,
        General,
    }

    public override Prefilter? Prefilter { get; }

    // perf: the commonest shapes go straight to their search (one call fewer an event, ~1 ns of ~15). The general shape
    // (several required terms, or required and excluded ones) searches its first required term here, and goes on to
    // the loop only where that is found: on the Zen 3, text logs, in-process, 8 required terms 259-263 -> 203-206 us and
    // "error failed" 251-264 -> 217 us for 20,000 events, against 204 us for the first of the 8 alone. One required and
    // one excluded term had a shape of their own before this ("error -timeout" 195 -> 177 us on the Zen 4); this path
    // covers them the same way.
    public override bool IsMatch(ReadOnlySpan<byte> utf8) =>
        _shape == Shape.Single && !_needsNormalizedInput ? _single.IndexIn(utf8) >= 0 :
        _anyPairs is not null && LiteralSet.UseAvx2 ? _anyPairs.ContainsAny(utf8) :
        _requiredFirst ? _single.IndexIn(utf8) >= 0 && EvaluateGeneral(utf8, firstRequired: 1) :
        IsMatchCore(utf8);

    public override bool IsMatch(ReadOnlySpan<char> utf16) =>
        _shape == Shape.Single && !_needsNormalizedInput ? _single.IndexIn(utf16) >= 0 :
        _anyPairs16 is not null && LiteralSet.UseAvx2 ? _anyPairs16.ContainsAny(utf16) :
        _requiredFirst ? _single.IndexIn(utf16) >= 0 && EvaluateGeneral(utf16, firstRequired: 1) :
        IsMatchCore(utf16);

    private bool IsMatchCore<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IEquatable<T>
    {
        if (_needsNormalizedInput && !EventText.IsWellFormed(input))
        {
            return IsMatchNormalized(input);
        }

        return Evaluate(input);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Evaluate<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IEquatable<T> => _shape switch
        {
            Shape.Single => _single.IndexIn(input) >= 0,
            Shape.Any => _optional!.ContainsAny(input),
            _ => EvaluateGeneral(input, firstRequired: 0),
        };

    // The required terms from firstRequired on (those before it are known present), then the excluded and optional.
    private bool EvaluateGeneral<T>(ReadOnlySpan<T> input, int firstRequired)
        where T : unmanaged, IEquatable<T>
    {
        foreach (var term in _required.AsSpan(firstRequired))
        {
            if (term.IndexIn(input) < 0)
            {
                return false;
            }
        }

        foreach (var term in _excluded)
        {
            if (term.IndexIn(input) >= 0)
            {
                return false;
            }
        }

        return _optional is null || _optional.ContainsAny(input);
    }

    // A term containing U+FFFD can match where the event is ill-formed; compare against the decoded event.
    private bool IsMatchNormalized<T>(ReadOnlySpan<T> input)
        where T : unmanaged
    {
        using var buffer = new PooledBuffer<char>(stackalloc char[256], EventText.MaxDecodedLength(input));
        var length = EventText.Decode(input, buffer.Span);
        return Evaluate<char>(buffer.Span[..length]);
    }
}
