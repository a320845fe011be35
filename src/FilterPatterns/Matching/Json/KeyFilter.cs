using System.Numerics;
using System.Runtime.CompilerServices;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// A cheap test of whether a member name can be one of a trie node's child names: by its length and first unit. It may
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
    private readonly bool _nonAsciiFirst;

    private KeyFilter(ulong utf8Lengths, ulong utf16Lengths, ulong firstBelow64, ulong firstBelow128, bool nonAsciiFirst)
    {
        _utf8Lengths = utf8Lengths;
        _utf16Lengths = utf16Lengths;
        _firstBelow64 = firstBelow64;
        _firstBelow128 = firstBelow128;
        _nonAsciiFirst = nonAsciiFirst;
    }

    /// <summary>Accepts every name (a node with a wildcard child, or one whose names only decoding can compare).</summary>
    public static KeyFilter All { get; } = new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, nonAsciiFirst: true);

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

            var first = name.Utf16[0];
            filter = filter.Union(new KeyFilter(
                1UL << Math.Min(name.Utf8.Length, LongName),
                1UL << Math.Min(name.Utf16.Length, LongName),
                first < 64 ? 1UL << first : 0,
                first is >= (char)64 and < (char)128 ? 1UL << (first - 64) : 0,
                first >= 128));
        }

        return filter;
    }

    public KeyFilter Union(KeyFilter other) => new(
        _utf8Lengths | other._utf8Lengths,
        _utf16Lengths | other._utf16Lengths,
        _firstBelow64 | other._firstBelow64,
        _firstBelow128 | other._firstBelow128,
        _nonAsciiFirst | other._nonAsciiFirst);

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

        var first = uint.CreateTruncating(name[0]);
        return first switch
        {
            < 64 => ((_firstBelow64 >> (int)first) & 1) != 0,
            < 128 => ((_firstBelow128 >> (int)(first - 64)) & 1) != 0,
            _ => _nonAsciiFirst,
        };
    }
}
