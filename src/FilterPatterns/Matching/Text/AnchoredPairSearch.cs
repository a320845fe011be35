using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// Whether any of 2 to 8 literals occurs in UTF-8 text (<see cref="TryCreate"/>) or in UTF-16 text
/// (<see cref="TryCreateUtf16"/>): Teddy with one literal per bucket, each anchored on its own rarest pair of units
/// rather than on its first ones. All pairs are the same distance apart (<see cref="Gap"/>), so one block costs two
/// loads and four nibble shuffles; a candidate at anchor position p in bucket i is literal i starting at p minus its
/// anchor offset. UTF-16 text is narrowed to bytes first, 32 chars a block (see <see cref="Narrow"/>).
/// </summary>
/// <remarks>
/// perf: prefix Teddy (<see cref="LiteralSet"/>) needs three prefix bytes to keep false candidates rare, because the
/// first bytes of log words are common ("re", "de", "ti" start many); three bytes cost three loads, three nibble
/// splits and six shuffles a block, and the shuffle and shift ports bound the loop. A rare pair (ByteFrequency) is as
/// selective as three common bytes and costs two of each. It answers only whether some literal occurs: the first
/// occurrence would need the earliest start over all buckets, which this order of discovery does not give.
/// </remarks>
internal sealed class AnchoredPairSearch
{
    /// <summary>The widest gap between the two bytes of a pair (the short-text path pads to 32 + this).</summary>
    private const int MaxGap = 16;

    // One of the two: the literals' UTF-8 bytes, or their UTF-16 chars.
    private readonly byte[][]? _bytes;
    private readonly char[][]? _chars;
    private readonly int[] _anchors;
    private readonly Vector256<byte> _low0;
    private readonly Vector256<byte> _high0;
    private readonly Vector256<byte> _low1;
    private readonly Vector256<byte> _high1;

    private AnchoredPairSearch(byte[][]? bytes, char[][]? chars, int[][] units, int gap, int[] anchors)
    {
        _bytes = bytes;
        _chars = chars;
        Gap = gap;
        _anchors = anchors;
        Span<byte> low0 = stackalloc byte[32], high0 = stackalloc byte[32], low1 = stackalloc byte[32], high1 = stackalloc byte[32];
        for (var i = 0; i < units.Length; i++)
        {
            var (first, second, bit) = (Narrowed(units[i][anchors[i]]), Narrowed(units[i][anchors[i] + gap]), (byte)(1 << i));

            // vpshufb looks up within each 128-bit lane: the table is repeated in both.
            low0[first & 0xF] |= bit;
            low0[16 + (first & 0xF)] |= bit;
            high0[first >> 4] |= bit;
            high0[16 + (first >> 4)] |= bit;
            low1[second & 0xF] |= bit;
            low1[16 + (second & 0xF)] |= bit;
            high1[second >> 4] |= bit;
            high1[16 + (second >> 4)] |= bit;
        }

        (_low0, _high0, _low1, _high1) = (Vector256.Create<byte>(low0), Vector256.Create<byte>(high0), Vector256.Create<byte>(low1), Vector256.Create<byte>(high1));
    }

    /// <summary>The distance between the two bytes of every literal's pair.</summary>
    public int Gap { get; }

    /// <summary>Where literal <paramref name="index"/>'s pair starts in it.</summary>
    public int AnchorOf(int index) => _anchors[index];

    /// <summary>
    /// The search for these literals in UTF-8 text, or null where it does not apply: without AVX2, with fewer than 2 or
    /// more than 8 literals, or with a literal of one byte (it has no pair).
    /// </summary>
    public static AnchoredPairSearch? TryCreate(IReadOnlyList<Literal> literals)
    {
        if (!Avx2.IsSupported || literals.Count is < 2 or > 8 || literals.Any(static l => l.Utf8.Length < 2))
        {
            return null;
        }

        byte[][] bytes = [.. literals.Select(static l => l.Utf8)];
        int[][] units = [.. bytes.Select(static l => l.Select(static b => (int)b).ToArray())];
        var (gap, anchors) = ChoosePairs(units, static b => ByteFrequency.Frequency[b]);
        return new AnchoredPairSearch(bytes, null, units, gap, anchors);
    }

    /// <summary>The search for these literals in UTF-16 text, or null where it does not apply (as <see cref="TryCreate"/>, in chars).</summary>
    public static AnchoredPairSearch? TryCreateUtf16(IReadOnlyList<Literal> literals)
    {
        if (!Avx2.IsSupported || literals.Count is < 2 or > 8 || literals.Any(static l => l.Utf16.Length < 2))
        {
            return null;
        }

        char[][] chars = [.. literals.Select(static l => l.Utf16.ToCharArray())];
        int[][] units = [.. chars.Select(static l => l.Select(static c => (int)c).ToArray())];

        // A char the narrowing maps onto 0x00 or 0xFF shares its byte with thousands of others: a poor anchor.
        var (gap, anchors) = ChoosePairs(units, static c => c < 0x100 ? ByteFrequency.Frequency[c] : ByteFrequency.Frequency[' ']);
        return new AnchoredPairSearch(null, chars, units, gap, anchors);
    }

    // The gap whose best pairs are rarest in sum (the expected number of false candidates a position), and each
    // literal's best pair at that gap.
    private static (int Gap, int[] Anchors) ChoosePairs(int[][] units, Func<int, double> frequency)
    {
        var maxGap = Math.Min(MaxGap, units.Min(static l => l.Length) - 1);
        var (bestGap, bestCost, bestAnchors) = (0, double.MaxValue, Array.Empty<int>());
        for (var gap = 1; gap <= maxGap; gap++)
        {
            var anchors = new int[units.Length];
            var cost = 0.0;
            for (var i = 0; i < units.Length; i++)
            {
                var best = double.MaxValue;
                for (var at = 0; at + gap < units[i].Length; at++)
                {
                    var pair = frequency(units[i][at]) * frequency(units[i][at + gap]);
                    if (pair < best)
                    {
                        (best, anchors[i]) = (pair, at);
                    }
                }

                cost += best;
            }

            // perf: a nearer pair wins ties (its second load is likelier to share the first's cache line).
            if (cost < bestCost)
            {
                (bestGap, bestCost, bestAnchors) = (gap, cost, anchors);
            }
        }

        return (bestGap, bestAnchors);
    }

    // The byte a unit becomes in the nibble tables: itself for a byte; for a char, what Narrow makes of it.
    private static byte Narrowed(int unit) => unit switch
    {
        < 0x100 => (byte)unit,
        < 0x8000 => 0xFF,
        _ => 0,
    };

    /// <summary>Whether any literal occurs in the UTF-8 <paramref name="text"/> (a search made by <see cref="TryCreate"/>).</summary>
    public bool ContainsAny(ReadOnlySpan<byte> text)
    {
        Debug.Assert(_bytes is not null, "A UTF-8 search.");

        // Pairs start at positions 0 .. text.Length - Gap - 1.
        // perf: 256-bit blocks only; a 512-bit loop measured 1.2-1.9 times slower on text logs (the JIT spilled its four
        // tables every block).
        return text.Length < 32 + Gap ? ContainsAnyShort(text) : Scan(text);
    }

    // perf: the loop calls nothing, so the four tables stay in registers (every vector register is caller-saved on x64
    // Unix); after a verification that found nothing they are read again from the instance. The last block overlaps
    // the one before it, its repeated positions masked out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Scan(ReadOnlySpan<byte> text)
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var gap = Gap;
        var last = text.Length - 32 - gap;
        var i = 0;
        while (true)
        {
            var (lo0, hi0, lo1, hi1) = (_low0, _high0, _low1, _high1);
            var nibble = Vector256.Create((byte)0x0F);
            Vector256<byte> candidates;
            int skip;
            while (true)
            {
                skip = 0;
                if (i > last)
                {
                    skip = i - last;
                    i = last;
                }

                var v0 = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i));
                var v1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i + gap));
                candidates = Avx2.Shuffle(lo0, v0 & nibble) & Avx2.Shuffle(hi0, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble) &
                             Avx2.Shuffle(lo1, v1 & nibble) & Avx2.Shuffle(hi1, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
                if (skip != 0)
                {
                    candidates &= Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)skip));
                }

                if (candidates != Vector256<byte>.Zero)
                {
                    break;
                }

                if (i == last)
                {
                    return false;
                }

                i += 32;
            }

            if (Verify(text, i, candidates, uint.MaxValue))
            {
                return true;
            }

            if (i == last)
            {
                return false;
            }

            i += 32;
        }
    }

    /// <summary>Fewer than 32 pair positions: one block over a zero-padded copy, the positions past the text masked out.</summary>
    private bool ContainsAnyShort(ReadOnlySpan<byte> text)
    {
        var positions = text.Length - Gap;
        if (positions <= 0)
        {
            return false;
        }

        Span<byte> padded = stackalloc byte[32 + MaxGap];
        padded.Clear();
        text.CopyTo(padded);
        var nibble = Vector256.Create((byte)0x0F);
        var v0 = Vector256.Create<byte>(padded);
        var v1 = Vector256.Create<byte>(padded[Gap..]);
        var candidates = Avx2.Shuffle(_low0, v0 & nibble) & Avx2.Shuffle(_high0, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble) &
                         Avx2.Shuffle(_low1, v1 & nibble) & Avx2.Shuffle(_high1, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
        return candidates != Vector256<byte>.Zero && Verify(text, 0, candidates, (1u << positions) - 1);
    }

    // Byte j of candidates holds the buckets whose pair may sit at offset + j; valid selects the positions to check.
    private bool Verify(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
    {
        var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
        for (; positions != 0; positions &= positions - 1)
        {
            var j = BitOperations.TrailingZeroCount(positions);
            for (var buckets = (uint)candidates.GetElement(j); buckets != 0; buckets &= buckets - 1)
            {
                var bucket = BitOperations.TrailingZeroCount(buckets);
                var literal = _bytes![bucket];
                var from = offset + j - _anchors[bucket];
                if (from >= 0 && from <= text.Length - literal.Length && text.Slice(from, literal.Length).SequenceEqual(literal))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether any literal occurs in the UTF-16 <paramref name="text"/> (a search made by <see cref="TryCreateUtf16"/>).</summary>
    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        Debug.Assert(_chars is not null, "A UTF-16 search.");
        return text.Length < 32 + Gap ? ContainsAnyShort(text) : Scan(MemoryMarshal.Cast<char, ushort>(text), text);
    }

    /// <summary>
    /// 32 chars as 32 bytes, in order: a char below 0x100 is itself, one below 0x8000 becomes 0xFF and any other 0x00
    /// (vpackuswb saturates signed 16-bit values); the nibble tables hold the anchors narrowed the same way, so a
    /// char never misses its own anchor, and verification against the chars rejects the collisions.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Narrow(Vector256<ushort> first, Vector256<ushort> second) =>
        Avx2.Permute4x64(Avx2.PackUnsignedSaturate(first.AsInt16(), second.AsInt16()).AsUInt64(), 0b11_01_10_00).AsByte();

    // As the UTF-8 Scan, over chars narrowed 32 at a time.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Scan(ReadOnlySpan<ushort> units, ReadOnlySpan<char> text)
    {
        ref var start = ref MemoryMarshal.GetReference(units);
        var gap = Gap;
        var last = units.Length - 32 - gap;
        var i = 0;
        while (true)
        {
            var (lo0, hi0, lo1, hi1) = (_low0, _high0, _low1, _high1);
            var nibble = Vector256.Create((byte)0x0F);
            Vector256<byte> candidates;
            int skip;
            while (true)
            {
                skip = 0;
                if (i > last)
                {
                    skip = i - last;
                    i = last;
                }

                var v0 = Narrow(Vector256.LoadUnsafe(ref start, (nuint)i), Vector256.LoadUnsafe(ref start, (nuint)(i + 16)));
                var v1 = Narrow(Vector256.LoadUnsafe(ref start, (nuint)(i + gap)), Vector256.LoadUnsafe(ref start, (nuint)(i + gap + 16)));
                candidates = Avx2.Shuffle(lo0, v0 & nibble) & Avx2.Shuffle(hi0, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble) &
                             Avx2.Shuffle(lo1, v1 & nibble) & Avx2.Shuffle(hi1, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
                if (skip != 0)
                {
                    candidates &= Vector256.GreaterThanOrEqual(Vector256<byte>.Indices, Vector256.Create((byte)skip));
                }

                if (candidates != Vector256<byte>.Zero)
                {
                    break;
                }

                if (i == last)
                {
                    return false;
                }

                i += 32;
            }

            if (Verify(text, i, candidates, uint.MaxValue))
            {
                return true;
            }

            if (i == last)
            {
                return false;
            }

            i += 32;
        }
    }

    /// <summary>Fewer than 32 pair positions: one block over a zero-padded copy, the positions past the text masked out.</summary>
    private bool ContainsAnyShort(ReadOnlySpan<char> text)
    {
        var positions = text.Length - Gap;
        if (positions <= 0)
        {
            return false;
        }

        Span<ushort> padded = stackalloc ushort[32 + MaxGap + 16];
        padded.Clear();
        MemoryMarshal.Cast<char, ushort>(text).CopyTo(padded);
        var nibble = Vector256.Create((byte)0x0F);
        var v0 = Narrow(Vector256.Create<ushort>(padded), Vector256.Create<ushort>(padded[16..]));
        var v1 = Narrow(Vector256.Create<ushort>(padded[Gap..]), Vector256.Create<ushort>(padded[(Gap + 16)..]));
        var candidates = Avx2.Shuffle(_low0, v0 & nibble) & Avx2.Shuffle(_high0, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble) &
                         Avx2.Shuffle(_low1, v1 & nibble) & Avx2.Shuffle(_high1, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
        return candidates != Vector256<byte>.Zero && Verify(text, 0, candidates, (1u << positions) - 1);
    }

    // As the UTF-8 Verify, over chars.
    private bool Verify(ReadOnlySpan<char> text, int offset, Vector256<byte> candidates, uint valid)
    {
        var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
        for (; positions != 0; positions &= positions - 1)
        {
            var j = BitOperations.TrailingZeroCount(positions);
            for (var buckets = (uint)candidates.GetElement(j); buckets != 0; buckets &= buckets - 1)
            {
                var bucket = BitOperations.TrailingZeroCount(buckets);
                var literal = _chars![bucket];
                var from = offset + j - _anchors[bucket];
                if (from >= 0 && from <= text.Length - literal.Length && text.Slice(from, literal.Length).SequenceEqual(literal))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
