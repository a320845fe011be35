using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FilterPatterns.Matching.Delimited;

/// <summary>
/// Splits an event into space-delimited fields (grammar/README.md, "Space-delimited events"): fields are separated by
/// runs of spaces; a field that starts with <c>"</c> runs to the next <c>"</c> and one that starts with <c>[</c> to the
/// next <c>]</c>, the delimiters not being part of the value (an unclosed one runs to the end of the event). Every
/// delimiter is ASCII, so UTF-8 and UTF-16 split identically.
/// </summary>
/// <remarks>
/// perf: fields are short, so a vectorized IndexOf per field pays its set-up cost for a few bytes. Instead the spaces
/// of 64 units at a time are kept as a bit mask and fields are cut with bit scans; only quoted and bracketed fields
/// search for their closing character.
/// </remarks>
internal ref struct FieldTokenizer<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private readonly ReadOnlySpan<T> _text;
    private int _pos;
    private int _blockStart = -1;
    private ulong _spaces;

    public FieldTokenizer(ReadOnlySpan<T> text) => _text = text;

    /// <summary>Reads the next field's value as (start, length) in the event.</summary>
    public bool Next(out int start, out int length)
    {
        _pos = NextNonSpace(_pos);
        if (_pos >= _text.Length)
        {
            start = length = 0;
            return false;
        }

        var first = uint.CreateTruncating(_text[_pos]);
        if (first is '"' or '[')
        {
            start = _pos + 1;
            var close = _text[start..].IndexOf(T.CreateTruncating(first == '"' ? '"' : ']'));
            if (close < 0)
            {
                length = _text.Length - start;
                _pos = _text.Length;
            }
            else
            {
                length = close;
                _pos = start + close + 1;
            }

            return true;
        }

        start = _pos;
        _pos = NextSpace(_pos + 1);
        length = _pos - start;
        return true;
    }

    // The first position at or after 'from' that is not a space (or the end).
    private int NextNonSpace(int from)
    {
        while (from < _text.Length)
        {
            // Shifting pulls zeros in from above the block: they are not "non-spaces", so mask them off.
            var bits = ~SpacesFrom(from) & (ulong.MaxValue >> (from & 63));
            if (bits != 0)
            {
                return Math.Min(from + BitOperations.TrailingZeroCount(bits), _text.Length);
            }

            from = _blockStart + 64;
        }

        return _text.Length;
    }

    // The first space at or after 'from' (or the end).
    private int NextSpace(int from)
    {
        while (from < _text.Length)
        {
            var bits = SpacesFrom(from);
            if (bits != 0)
            {
                return Math.Min(from + BitOperations.TrailingZeroCount(bits), _text.Length);
            }

            from = _blockStart + 64;
        }

        return _text.Length;
    }

    // The space mask of the block holding 'from', shifted so bit 0 is 'from'. Positions past the end read as spaces.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong SpacesFrom(int from)
    {
        var block = from & ~63;
        if (block != _blockStart)
        {
            _blockStart = block;
            _spaces = LoadSpaces(block);
        }

        return _spaces >> (from - block);
    }

    private readonly ulong LoadSpaces(int block)
    {
        var remaining = _text.Length - block;
        ref var at = ref Unsafe.Add(ref MemoryMarshal.GetReference(_text), block);
        ulong mask;
        if (typeof(T) == typeof(byte) && remaining >= 64 && Vector256.IsHardwareAccelerated)
        {
            ref var bytes = ref Unsafe.As<T, byte>(ref at);
            var space = Vector256.Create((byte)' ');
            mask = Vector256.Equals(Vector256.LoadUnsafe(ref bytes), space).ExtractMostSignificantBits()
                 | ((ulong)Vector256.Equals(Vector256.LoadUnsafe(ref bytes, 32), space).ExtractMostSignificantBits() << 32);
            return mask;
        }

        if (typeof(T) == typeof(char) && remaining >= 64 && Vector256.IsHardwareAccelerated)
        {
            ref var chars = ref Unsafe.As<T, ushort>(ref at);
            var space = Vector256.Create((ushort)' ');
            mask = 0;
            for (var i = 0; i < 4; i++)
            {
                mask |= (ulong)Vector256.Equals(Vector256.LoadUnsafe(ref chars, (nuint)(16 * i)), space).ExtractMostSignificantBits() << (16 * i);
            }

            return mask;
        }

        mask = 0;
        var count = Math.Min(remaining, 64);
        for (var i = 0; i < count; i++)
        {
            if (uint.CreateTruncating(Unsafe.Add(ref at, i)) == ' ')
            {
                mask |= 1UL << i;
            }
        }

        // Past the end counts as space, so a field's end is always found within the block.
        return count == 64 ? mask : mask | (ulong.MaxValue << count);
    }
}
