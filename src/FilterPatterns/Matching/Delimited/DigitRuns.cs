using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FilterPatterns.Matching.Delimited;

/// <summary>
/// Finds a run of <see cref="Length"/> consecutive ASCII digits. A numeric field can equal N without containing N's
/// digits only when it rounds to N, and then it has more than 15 significant digits, so a run of at least 8 (see
/// <see cref="ValueTest.RequiredNumberDigits"/>).
/// </summary>
internal static class DigitRuns
{
    public const int Length = 8;

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
