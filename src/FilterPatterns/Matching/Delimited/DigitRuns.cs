using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FilterPatterns.Matching.Delimited;

/// <summary>
/// Finds numbers long enough to round. A numeric field can equal N without containing N's digits only when it rounds
/// to N, and then it has more than 15 significant digits (see <see cref="ValueTest.RequiredNumberDigits"/>): at least
/// 16 digits with at most one '.' among them, so a run of at least 8 in a row.
/// </summary>
internal static class DigitRuns
{
    public const int Length = 8;

    /// <summary>Digits a number needs before it can round to a whole number of at most 15 digits.</summary>
    public const int RoundingDigits = 16;

    /// <summary>
    /// An offset inside the first number-like run (digits, at most one '.' among them) of at least
    /// <see cref="RoundingDigits"/> digits, or -1: one of its two digit runs has at least <see cref="Length"/>, so the
    /// vectorized run search finds the candidates, and each is measured.
    /// </summary>
    public static int IndexOfLongNumber<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        var from = 0;
        while (from < text.Length)
        {
            var found = IndexOfRun(text[from..]);
            if (found < 0)
            {
                return -1;
            }

            var start = from + found;
            while (start > 0 && IsDigit(text[start - 1]))
            {
                start--;
            }

            var end = start;
            while (end < text.Length && IsDigit(text[end]))
            {
                end++;
            }

            // The run itself, then the digits across a '.' on either side (counting both sides over-counts, which only
            // lets more events through: still sound).
            var digits = end - start;
            if (end + 1 < text.Length && IsDigit(text[end + 1]) && text[end] == T.CreateTruncating('.'))
            {
                for (var j = end + 1; j < text.Length && IsDigit(text[j]); j++)
                {
                    digits++;
                }
            }

            if (start >= 2 && IsDigit(text[start - 2]) && text[start - 1] == T.CreateTruncating('.'))
            {
                for (var j = start - 2; j >= 0 && IsDigit(text[j]); j--)
                {
                    digits++;
                }
            }

            if (digits >= RoundingDigits)
            {
                return start;
            }

            from = end;
        }

        return -1;
    }

    private static bool IsDigit<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(c) - '0' <= 9;

    /// <summary>
    /// An offset inside the first run of at least <see cref="Length"/> digits (where its first 8 digits start), or -1.
    /// UTF-8 is searched a vector at a time; UTF-16 (the secondary path) a char at a time.
    /// </summary>
    public static int IndexOfRun<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        var scalarFrom = 0;
        if (typeof(T) == typeof(byte) && Vector256.IsHardwareAccelerated && text.Length >= Vector256<byte>.Count)
        {
            var bytes = MemoryMarshal.Cast<T, byte>(text);
            ref var start = ref MemoryMarshal.GetReference(bytes);
            var zero = Vector256.Create((byte)'0');
            var nine = Vector256.Create((byte)9);
            var previous = 0u;
            var i = 0;
            for (; i + Vector256<byte>.Count <= bytes.Length; i += Vector256<byte>.Count)
            {
                var digits = Vector256.LessThanOrEqual(Vector256.LoadUnsafe(ref start, (nuint)i) - zero, nine).ExtractMostSignificantBits();

                // Bits 0-7: the previous block's last 8 positions; bits 8-39: this block. A run of 8 ending in this block
                // lies within these 40 bits; folding by 1, 2 and 4 leaves the bits that start one.
                var window = ((ulong)digits << 8) | (previous >> 24);
                window &= window >> 1;
                window &= window >> 2;
                window &= window >> 4;
                if (window != 0)
                {
                    return i - 8 + BitOperations.TrailingZeroCount(window);
                }

                previous = digits;
            }

            // The tail: a run reaching into it starts at most 7 positions before it.
            scalarFrom = Math.Max(0, i - (Length - 1));
        }

        var run = 0;
        for (var j = scalarFrom; j < text.Length; j++)
        {
            run = uint.CreateTruncating(text[j]) - '0' <= 9 ? run + 1 : 0;
            if (run == Length)
            {
                return j - (Length - 1);
            }
        }

        return -1;
    }
}
