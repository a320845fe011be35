using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// A cheap test of whether a member name can be one of a trie node's child names: by its length and its first two units
/// (CloudTrail's <c>eventName</c>, <c>eventTime</c> and <c>eventType</c> share length and first letter with
/// <c>errorCode</c>), then, for up to <see cref="MaxExactNames"/> names, by comparing it with each. It may accept names
/// that are not children (the caller compares them exactly), never rejects one that is. Lets
/// <see cref="JsonTokenizer{T}.NextMember"/> skip the members of no interest without returning each one.
/// </summary>
internal readonly struct KeyFilter
{
    private const int LongName = 63;

    /// <summary>Up to this many names, a name that passes the bit tests is also compared with each.</summary>
    private const int MaxExactNames = 8;

    private readonly ulong _utf8Lengths;
    private readonly ulong _utf16Lengths;
    private readonly ulong _firstBelow64;
    private readonly ulong _firstBelow128;
    private readonly ulong _secondBelow64;
    private readonly ulong _secondBelow128;
    private readonly bool _nonAsciiFirst;
    private readonly bool _nonAsciiSecond;

    // The names themselves (raw, without U+FFFD), or null: too many, or a filter that accepts all.
    private readonly Literal[]? _names;

    private KeyFilter(ulong utf8Lengths, ulong utf16Lengths, (ulong Below64, ulong Below128, bool NonAscii) first, (ulong Below64, ulong Below128, bool NonAscii) second, Literal[]? names = null)
    {
        _names = names;
        _utf8Lengths = utf8Lengths;
        _utf16Lengths = utf16Lengths;
        (_firstBelow64, _firstBelow128, _nonAsciiFirst) = first;
        (_secondBelow64, _secondBelow128, _nonAsciiSecond) = second;
    }

    private static readonly KeyFilter s_all = new(ulong.MaxValue, ulong.MaxValue, (ulong.MaxValue, ulong.MaxValue, true), (ulong.MaxValue, ulong.MaxValue, true));

    /// <summary>Accepts every name (a node with a wildcard child, or one whose names only decoding can compare).</summary>
    public static ref readonly KeyFilter All => ref s_all;

    /// <summary>Accepts no name (a node without named children).</summary>
    public static KeyFilter None => default;

    /// <summary>Accepts the names given (and some others: see the type's summary).</summary>
    public static KeyFilter For(ReadOnlySpan<Literal> names)
    {
        if (names.IsEmpty)
        {
            return None;
        }

        ulong utf8Lengths = 0, utf16Lengths = 0;
        (ulong Below64, ulong Below128, bool NonAscii) first = default, second = default;
        foreach (var name in names)
        {
            if (name.ContainsReplacementChar || name.Utf16.Length == 0)
            {
                return All;
            }

            // The second unit is the second char's (first) byte in UTF-8 only after an ASCII first char; a one-unit
            // name accepts any second unit (the length test tells).
            utf8Lengths |= 1UL << Math.Min(name.Utf8.Length, LongName);
            utf16Lengths |= 1UL << Math.Min(name.Utf16.Length, LongName);
            first = Or(first, UnitBits(name.Utf16[0]));
            second = Or(second, name.Utf16.Length > 1 && char.IsAscii(name.Utf16[0]) ? UnitBits(name.Utf16[1]) : (ulong.MaxValue, ulong.MaxValue, true));
        }

        return new KeyFilter(utf8Lengths, utf16Lengths, first, second, names.Length <= MaxExactNames ? names.ToArray() : null);

        static (ulong, ulong, bool) Or((ulong Below64, ulong Below128, bool NonAscii) a, (ulong Below64, ulong Below128, bool NonAscii) b) =>
            (a.Below64 | b.Below64, a.Below128 | b.Below128, a.NonAscii | b.NonAscii);
    }

    private static (ulong Below64, ulong Below128, bool NonAscii) UnitBits(char unit) =>
        unit < 64 ? (1UL << unit, 0UL, false) : unit < 128 ? (0UL, 1UL << (unit - 64), false) : (0UL, 0UL, true);

    /// <summary><see cref="Accept"/>: the name is none of the filter's names.</summary>
    public const int Rejected = -1;

    /// <summary><see cref="Accept"/>: the name may be one of the names (the caller compares).</summary>
    public const int MayBeOne = -2;

    /// <summary>
    /// Whether <paramref name="name"/> (raw, unescaped) may be one of the names: <see cref="Rejected"/>,
    /// <see cref="MayBeOne"/>, or where the filter keeps its names, the index of the one it equals (in the order
    /// <see cref="For"/> was given them).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Accept<T>(ReadOnlySpan<T> name)
        where T : unmanaged, IBinaryInteger<T>
    {
        var lengths = typeof(T) == typeof(byte) ? _utf8Lengths : _utf16Lengths;
        if (((lengths >> Math.Min(name.Length, LongName)) & 1) == 0)
        {
            return Rejected;
        }

        if (name.IsEmpty)
        {
            return MayBeOne;
        }

        if (!Has(uint.CreateTruncating(name[0]), _firstBelow64, _firstBelow128, _nonAsciiFirst) ||
            (name.Length > 1 && !Has(uint.CreateTruncating(name[1]), _secondBelow64, _secondBelow128, _nonAsciiSecond)))
        {
            return Rejected;
        }

        if (_names is null)
        {
            return MayBeOne;
        }

        for (var i = 0; i < _names.Length; i++)
        {
            if (UnitsEqual(name, _names[i].Get<T>()))
            {
                return i;
            }
        }

        return Rejected;
    }

    // Whether a and b hold the same units. perf: inline, eight bytes a step and no call (SequenceEqual is one), so that
    // NextMember's walk, which this runs in, keeps its structural block in registers across it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool UnitsEqual<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        ref var x = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(a));
        ref var y = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetReference(b));
        var bytes = (nuint)a.Length * (nuint)Unsafe.SizeOf<T>();
        if (bytes < sizeof(ulong))
        {
            for (nuint i = 0; i < bytes; i++)
            {
                if (Unsafe.Add(ref x, i) != Unsafe.Add(ref y, i))
                {
                    return false;
                }
            }

            return true;
        }

        // Whole words, then the last word (overlapping the one before it when the length is not a multiple of eight).
        var last = bytes - sizeof(ulong);
        for (nuint i = 0; i < last; i += sizeof(ulong))
        {
            if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, i)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, i)))
            {
                return false;
            }
        }

        return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, last)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, last));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Has(uint unit, ulong below64, ulong below128, bool nonAscii) => unit switch
    {
        < 64 => ((below64 >> (int)unit) & 1) != 0,
        < 128 => ((below128 >> (int)(unit - 64)) & 1) != 0,
        _ => nonAscii,
    };
}
