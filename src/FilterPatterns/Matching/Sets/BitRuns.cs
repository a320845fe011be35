using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FilterPatterns.Matching.Sets;

/// <summary>
/// Writes a group's results, computed as a bitmap in group order, into the set's <c>bool</c> results: along each run
/// of group members whose slots in the set are consecutive, 32 results per vector store (eight per 8-byte store
/// without AVX2 and at a run's end).
/// </summary>
internal static class BitRuns
{
    // Byte b → eight bools, bool k = bit k of b (little-endian: the first bool is the lowest byte).
    private static readonly ulong[] s_spread = [.. Enumerable.Range(0, 256).Select(Spread)];

    /// <summary>Members [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>) go to slots from <see cref="Slot"/>.</summary>
    internal readonly record struct Run(int Start, int Slot, int Length);

    /// <summary>The runs of consecutive slots in <paramref name="slots"/> (member i goes to slot <c>slots[i]</c>).</summary>
    public static Run[] Of(IReadOnlyList<int> slots)
    {
        var runs = new List<Run>();
        for (var i = 0; i < slots.Count;)
        {
            var length = 1;
            while (i + length < slots.Count && slots[i + length] == slots[i] + length)
            {
                length++;
            }

            runs.Add(new Run(i, slots[i], length));
            i += length;
        }

        return [.. runs];
    }

    /// <summary>
    /// Sets <c>results[slot]</c> to bit <c>member</c> of <paramref name="bits"/> for every member of every run.
    /// The caller guarantees every slot lies inside <paramref name="results"/> and the bitmap covers every member.
    /// </summary>
    public static void Write(ReadOnlySpan<ulong> bits, Run[] runs, Span<bool> results)
    {
        ref var spread = ref MemoryMarshal.GetArrayDataReference(s_spread);
        ref var result0 = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(results));
        foreach (var run in runs)
        {
            var i = 0;
            if (BitConverter.IsLittleEndian && (run.Start & 7) == 0)
            {
                // Byte-aligned in the bitmap (every run of a group whose slots are all consecutive): one byte a store.
                ref var bytes = ref Unsafe.Add(ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetReference(bits)), run.Start >> 3);
                if (Avx2.IsSupported)
                {
                    // perf: 32 results a store: byte j of the vector takes bit j % 8 of byte j / 8 of the four.
                    var spreadBytes = Vector256.Create(
                        (byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
                    var bit = Vector256.Create(0x8040201008040201UL).AsByte();
                    for (; i + 32 <= run.Length; i += 32)
                    {
                        var four = Vector256.Create(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref bytes, i >> 3))).AsByte();
                        var results32 = Vector256.Min(Avx2.Shuffle(four, spreadBytes) & bit, Vector256<byte>.One);
                        results32.StoreUnsafe(ref result0, (nuint)(run.Slot + i));
                    }
                }

                for (; i + 8 <= run.Length; i += 8)
                {
                    Unsafe.WriteUnaligned(ref Unsafe.Add(ref result0, run.Slot + i), Unsafe.Add(ref spread, Unsafe.Add(ref bytes, i >> 3)));
                }

                if (i < run.Length)
                {
                    var last = Unsafe.Add(ref spread, Unsafe.Add(ref bytes, i >> 3));
                    for (; i < run.Length; i++, last >>= 8)
                    {
                        Unsafe.Add(ref result0, run.Slot + i) = (byte)last;
                    }
                }

                continue;
            }

            for (; i + 8 <= run.Length; i += 8)
            {
                var eight = Unsafe.Add(ref spread, (int)Bits(bits, run.Start + i) & 0xFF);
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref result0, run.Slot + i), BitConverter.IsLittleEndian ? eight : System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(eight));
            }

            for (; i < run.Length; i++)
            {
                Unsafe.Add(ref result0, run.Slot + i) = (byte)(Bits(bits, run.Start + i) & 1);
            }
        }
    }

    // Bits at..at+63 of the bitmap (fewer at its end).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Bits(ReadOnlySpan<ulong> bits, int at)
    {
        var word = at >> 6;
        var offset = at & 63;
        var value = bits[word] >> offset;
        if (offset != 0 && word + 1 < bits.Length)
        {
            value |= bits[word + 1] << (64 - offset);
        }

        return value;
    }

    private static ulong Spread(int b)
    {
        var value = 0UL;
        for (var k = 0; k < 8; k++)
        {
            value |= (ulong)((b >> k) & 1) << (8 * k);
        }

        return value;
    }
}
