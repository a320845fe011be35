using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FilterPatterns.Matching.Delimited;

/// <summary>
/// Finds numbers long enough to round. A numeric field can equal N without containing N's digits only when it rounds
/// to N, and then it has more than 15 significant digits (see <see cref="ValueTest.RequiredNumberDigits"/>): at least
/// <see cref="RoundingDigits"/> digits with at most one '.' among them, so a run of at least <see cref="Length"/>
/// characters from <c>[0-9.]</c>.
/// </summary>
/// <remarks>
/// perf: runs of 16 such characters are rare in logs (an IPv4 address has at most 15, timestamps and dates are split by
/// ':', '-' or '/'), so the vectorized run search seldom stops; it used to look for runs of 8 digits, which Firefox user
/// agents (<c>Gecko/20100101</c>) carry in most access-log lines.
/// </remarks>
internal static class DigitRuns
{
    /// <summary>Characters from <c>[0-9.]</c> in a row that every candidate has.</summary>
    public const int Length = RoundingDigits;

    /// <summary>Digits a number needs before it can round to a whole number of at most 15 digits.</summary>
    public const int RoundingDigits = 16;

    /// <summary>
    /// The offset of the first digit of the first number-like stretch (digits, at most one '.' among them) of at least
    /// <see cref="RoundingDigits"/> digits, or -1. Candidates are runs of <see cref="Length"/> characters from
    /// <c>[0-9.]</c>; each run is split at its dots into groups of digits, and a group alone or two groups around one
    /// dot may have enough.
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

            // The whole run of [0-9.] around the candidate.
            var start = from + found;
            var end = start;
            while (end < text.Length && IsNumberChar(text[end]))
            {
                end++;
            }

            // Groups of digits between dots: one alone, or with the next one across a single dot.
            var (previousStart, previousDigits) = (-1, 0);
            for (var group = start; group <= end;)
            {
                var stop = group;
                while (stop < end && text[stop] != T.CreateTruncating('.'))
                {
                    stop++;
                }

                var digits = stop - group;
                if (digits >= RoundingDigits)
                {
                    return group;
                }

                if (previousStart >= 0 && previousDigits + digits >= RoundingDigits)
                {
                    return previousStart;
                }

                (previousStart, previousDigits) = digits > 0 ? (group, digits) : (-1, 0);
                group = stop + 1;
            }

            from = end;
        }

        return -1;
    }

    private static bool IsNumberChar<T>(T c)
        where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(c) - '0' <= 9 || c == T.CreateTruncating('.');

    /// <summary>
    /// The offset where the first run of at least <see cref="Length"/> characters from <c>[0-9.]</c> starts, or -1.
    /// Searched a vector at a time (32 bytes or 16 chars), the last one overlapping the previous.
    /// </summary>
    public static int IndexOfRun<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (Vector256.IsHardwareAccelerated)
        {
            return typeof(T) == typeof(byte)
                ? IndexOfRunVectorized(MemoryMarshal.Cast<T, byte>(text))
                : IndexOfRunVectorized(MemoryMarshal.Cast<T, ushort>(text));
        }

        return IndexOfRunScalar(text, 0);
    }

    private static int IndexOfRunVectorized<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        var width = Vector256<T>.Count;
        if (text.Length < width)
        {
            return IndexOfRunScalar(text, 0);
        }

        ref var start = ref MemoryMarshal.GetReference(text);
        var previous = 0UL;
        var i = 0;
        for (; i + width <= text.Length; i += width)
        {
            // Bits 0..width-1: the previous block; bits width..2*width-1: this one. A run of 16 ending in this block lies
            // within them (16 <= width); folding by 1, 2, 4 and 8 leaves the bits that start one.
            var block = Mask(Vector256.LoadUnsafe(ref start, (nuint)i));
            var window = Fold(previous | (block << width));
            if (window != 0)
            {
                return i - width + BitOperations.TrailingZeroCount(window);
            }

            previous = block;
        }

        if (i < text.Length)
        {
            // perf: the tail as one more vector ending at the text's end (a scalar tail cost half the search on access
            // logs: digits and letters alternate, so its branches mispredict). Its bits go over the last block's at
            // their positions, which lie within the two blocks' 2*width bits.
            var tail = Mask(Vector256.LoadUnsafe(ref start, (nuint)(text.Length - width)));
            var window = Fold(previous | (tail << (text.Length - i)));
            if (window != 0)
            {
                return i - width + BitOperations.TrailingZeroCount(window);
            }
        }

        return -1;

        static ulong Mask(Vector256<T> block) =>
            (Vector256.LessThanOrEqual(block - Vector256.Create(T.CreateTruncating('0')), Vector256.Create(T.CreateTruncating(9))) |
             Vector256.Equals(block, Vector256.Create(T.CreateTruncating('.')))).ExtractMostSignificantBits();

        static ulong Fold(ulong window)
        {
            window &= window >> 1;
            window &= window >> 2;
            window &= window >> 4;
            return window & (window >> 8);
        }
    }

    private static int IndexOfRunScalar<T>(ReadOnlySpan<T> text, int from)
        where T : unmanaged, IBinaryInteger<T>
    {
        var run = 0;
        for (var j = from; j < text.Length; j++)
        {
            run = IsNumberChar(text[j]) ? run + 1 : 0;
            if (run == Length)
            {
                return j - (Length - 1);
            }
        }

        return -1;
    }
}
