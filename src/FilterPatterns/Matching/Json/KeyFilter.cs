using System.Numerics;
using System.Runtime.CompilerServices;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// A cheap test of whether a member name can be one of a trie node's child names: by its length and its first two units
/// (CloudTrail's <c>eventName</c>, <c>eventTime</c> and <c>eventType</c> share length and first letter with
/// <c>errorCode</c>). It may
/// accept names that are not children (the caller compares them exactly), never rejects one that is. Lets
/// <see cref="JsonTokenizer{T}.NextMember"/> skip the members of no interest without returning each one.
/// </summary>
internal readonly struct KeyFilter
{
    private const int LongName = 63;

    private readonly ulong _utf8Lengths;
    private readonly ulong _utf16Lengths;
    private readonly ulong _firstBelow64;
    private readonly ulong _firstBelow128;
    private readonly ulong _secondBelow64;
    private readonly ulong _secondBelow128;
    private readonly bool _nonAsciiFirst;
    private readonly bool _nonAsciiSecond;

    private KeyFilter(ulong utf8Lengths, ulong utf16Lengths, (ulong Below64, ulong Below128, bool NonAscii) first, (ulong Below64, ulong Below128, bool NonAscii) second)
    {
        _utf8Lengths = utf8Lengths;
        _utf16Lengths = utf16Lengths;
        (_firstBelow64, _firstBelow128, _nonAsciiFirst) = first;
        (_secondBelow64, _secondBelow128, _nonAsciiSecond) = second;
    }

    /// <summary>Accepts every name (a node with a wildcard child, or one whose names only decoding can compare).</summary>
    public static KeyFilter All { get; } = new(ulong.MaxValue, ulong.MaxValue, (ulong.MaxValue, ulong.MaxValue, true), (ulong.MaxValue, ulong.MaxValue, true));

    /// <summary>Accepts no name (a node without named children).</summary>
    public static KeyFilter None => default;

    public static KeyFilter For(IEnumerable<Literal> names)
    {
        var filter = None;
        foreach (var name in names)
        {
            if (name.ContainsReplacementChar || name.Utf16.Length == 0)
            {
                return All;
            }

            // The second unit is the second char's (first) byte in UTF-8 only after an ASCII first char; a one-unit
            // name accepts any second unit (the length test tells).
            filter = filter.Union(new KeyFilter(
                1UL << Math.Min(name.Utf8.Length, LongName),
                1UL << Math.Min(name.Utf16.Length, LongName),
                UnitBits(name.Utf16[0]),
                name.Utf16.Length > 1 && char.IsAscii(name.Utf16[0]) ? UnitBits(name.Utf16[1]) : (ulong.MaxValue, ulong.MaxValue, true)));
        }

        return filter;
    }

    public KeyFilter Union(KeyFilter other) => new(
        _utf8Lengths | other._utf8Lengths,
        _utf16Lengths | other._utf16Lengths,
        (_firstBelow64 | other._firstBelow64, _firstBelow128 | other._firstBelow128, _nonAsciiFirst | other._nonAsciiFirst),
        (_secondBelow64 | other._secondBelow64, _secondBelow128 | other._secondBelow128, _nonAsciiSecond | other._nonAsciiSecond));

    private static (ulong Below64, ulong Below128, bool NonAscii) UnitBits(char unit) =>
        unit < 64 ? (1UL << unit, 0UL, false) : unit < 128 ? (0UL, 1UL << (unit - 64), false) : (0UL, 0UL, true);

    /// <summary>Whether <paramref name="name"/> (raw, unescaped) may be one of the names.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MayAccept<T>(ReadOnlySpan<T> name)
        where T : unmanaged, IBinaryInteger<T>
    {
        var lengths = typeof(T) == typeof(byte) ? _utf8Lengths : _utf16Lengths;
        if (((lengths >> Math.Min(name.Length, LongName)) & 1) == 0)
        {
            return false;
        }

        if (name.IsEmpty)
        {
            return true;
        }

        return Has(uint.CreateTruncating(name[0]), _firstBelow64, _firstBelow128, _nonAsciiFirst) &&
               (name.Length == 1 || Has(uint.CreateTruncating(name[1]), _secondBelow64, _secondBelow128, _nonAsciiSecond));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Has(uint unit, ulong below64, ulong below128, bool nonAscii) => unit switch
    {
        < 64 => ((below64 >> (int)unit) & 1) != 0,
        < 128 => ((below128 >> (int)(unit - 64)) & 1) != 0,
        _ => nonAscii,
    };
}
