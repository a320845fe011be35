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
/// anchor offset. UTF-16 text is narrowed to bytes first, 32 chars a block (see <see cref="Utf16Blocks"/>).
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

    // One of the two: the literals' UTF-8 bytes, or their UTF-16 chars (as ushorts, the unit the scan reads).
    private readonly byte[][]? _bytes;
    private readonly ushort[][]? _chars;
    private readonly int[] _anchors;

    // Exact pairs (where the pairs' first units have distinct low nibbles): by that nibble, the pair's two units, and
    // the bucket (literal) it belongs to; null for the nibble tables.
    private readonly byte[]? _bucketOfNibble;
    private readonly Vector256<byte> _first;
    private readonly Vector256<byte> _second;
    private readonly Vector256<byte> _low0;
    private readonly Vector256<byte> _high0;
    private readonly Vector256<byte> _low1;
    private readonly Vector256<byte> _high1;

    // The tables repeated into 512-bit vectors, for Scan512 (perf: built once here, not per event from the halves).
    private readonly Vector512<byte> _low0Wide;
    private readonly Vector512<byte> _high0Wide;
    private readonly Vector512<byte> _low1Wide;
    private readonly Vector512<byte> _high1Wide;

    private AnchoredPairSearch(byte[][]? bytes, ushort[][]? chars, int[][] units, int gap, int[] anchors, bool exact)
    {
        _bytes = bytes;
        _chars = chars;
        Gap = gap;
        _anchors = anchors;
        if (exact)
        {
            // A nibble no pair starts with gets a first unit that never has it (so never equals a unit that does).
            _bucketOfNibble = new byte[16];
            Span<byte> first = stackalloc byte[32], second = stackalloc byte[32];
            for (var n = 0; n < 16; n++)
            {
                first[n] = first[16 + n] = (byte)(n ^ 1);
            }

            for (var i = 0; i < units.Length; i++)
            {
                var (a, b) = (Narrowed(units[i][anchors[i]]), Narrowed(units[i][anchors[i] + gap]));
                var n = a & 0xF;
                (first[n], first[16 + n], second[n], second[16 + n], _bucketOfNibble[n]) = (a, a, b, b, (byte)i);
            }

            (_first, _second) = (Vector256.Create<byte>(first), Vector256.Create<byte>(second));
        }

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
        (_low0Wide, _high0Wide, _low1Wide, _high1Wide) = (Vector512.Create(_low0, _low0), Vector512.Create(_high0, _high0), Vector512.Create(_low1, _low1), Vector512.Create(_high1, _high1));
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
        var (gap, anchors, exact) = ChoosePairs(units, static b => ByteFrequency.Frequency[b]);
        return new AnchoredPairSearch(bytes, null, units, gap, anchors, exact);
    }

    /// <summary>The search for these literals in UTF-16 text, or null where it does not apply (as <see cref="TryCreate"/>, in chars).</summary>
    public static AnchoredPairSearch? TryCreateUtf16(IReadOnlyList<Literal> literals)
    {
        if (!Avx2.IsSupported || literals.Count is < 2 or > 8 || literals.Any(static l => l.Utf16.Length < 2))
        {
            return null;
        }

        ushort[][] chars = [.. literals.Select(static l => l.Utf16.Select(static c => (ushort)c).ToArray())];
        int[][] units = [.. chars.Select(static l => l.Select(static c => (int)c).ToArray())];

        // A char whose narrowed byte is 0x00 or 0xFF shares it with thousands of others (NUL and ÿ included): a poor
        // anchor, priced as a space.
        var (gap, anchors, exact) = ChoosePairs(units, static c => c is > 0 and < 0xFF ? ByteFrequency.Frequency[c] : ByteFrequency.Frequency[' ']);
        return new AnchoredPairSearch(null, chars, units, gap, anchors, exact);
    }

    /// <summary>Test hook: whether searches made from now on may use exact pairs (else always the nibble tables).</summary>
    internal static bool UseExactPairs { get; set; } = true;

    /// <summary>Whether this search compares whole units (exact pairs) rather than looking up nibbles.</summary>
    internal bool Exact => _bucketOfNibble is not null;

    // The gap whose best pairs are rarest in sum (the expected number of false candidates a position), and each
    // literal's best pair at that gap. Exact pairs where they are not much less rare: the pairs' first units (as the
    // scan narrows them) must then have distinct low nibbles, so that one shuffle by that nibble gives the one pair
    // that may start at a position, and two compares tell whether it does.
    // perf: exact pairs cost a block two shuffles, an and and two compares, against four shuffles, two shifts and six
    // ands for the nibble tables.
    private static (int Gap, int[] Anchors, bool Exact) ChoosePairs(int[][] units, Func<int, double> frequency)
    {
        var maxGap = Math.Min(MaxGap, units.Min(static l => l.Length) - 1);
        var (bestGap, bestCost, bestAnchors) = (0, double.MaxValue, Array.Empty<int>());
        var (exactGap, exactCost, exactAnchors) = (0, double.MaxValue, Array.Empty<int>());
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

            if (UseExactPairs && DistinctNibbles(units, gap, frequency) is var (distinct, distinctCost) && distinctCost < exactCost)
            {
                (exactGap, exactCost, exactAnchors) = (gap, distinctCost, distinct);
            }
        }

        return exactCost <= 2 * bestCost ? (exactGap, exactAnchors, true) : (bestGap, bestAnchors, false);
    }

    // At this gap, a pair for each literal whose first narrowed units have distinct low nibbles, and their cost; null
    // when there is none. The cheapest such choice (an assignment of literals to nibbles): a depth-first search, the
    // literals with the fewest nibbles to choose from first, each nibble's rarest pair in order of cost, pruned by a
    // bound (the cost so far plus each remaining literal's rarest pair). perf: the greedy choice it replaces (each
    // literal its rarest pair whose nibble is still free) priced the benchmark's 8 OR terms at 5.58 M against 5.03 M at
    // their gap, and on the loghub lines it gave them 15,161 false candidates against 11,113 (refused: r/u 4,821,
    // u/d 689).
    private static (int[] Anchors, double Cost)? DistinctNibbles(int[][] units, int gap, Func<int, double> frequency)
    {
        // For each literal, its rarest pair per low nibble of the first unit, cheapest first.
        var options = new (double Cost, int At, int Nibble)[units.Length][];
        for (var i = 0; i < units.Length; i++)
        {
            var byNibble = new (double Cost, int At)[16];
            Array.Fill(byNibble, (double.MaxValue, -1));
            for (var at = 0; at + gap < units[i].Length; at++)
            {
                var nibble = Narrowed(units[i][at]) & 0xF;
                var pair = frequency(units[i][at]) * frequency(units[i][at + gap]);
                if (pair < byNibble[nibble].Cost)
                {
                    byNibble[nibble] = (pair, at);
                }
            }

            var list = new List<(double Cost, int At, int Nibble)>(16);
            for (var nibble = 0; nibble < 16; nibble++)
            {
                if (byNibble[nibble].At >= 0)
                {
                    list.Add((byNibble[nibble].Cost, byNibble[nibble].At, nibble));
                }
            }

            // A stable sort: equal costs stay in nibble order, so the choice is deterministic.
            options[i] = [.. list.OrderBy(static o => o.Cost)];
        }

        int[] order = [.. Enumerable.Range(0, units.Length).OrderBy(i => options[i].Length)];

        // remaining[k]: the least the literals order[k..] can cost, the bound.
        var remaining = new double[units.Length + 1];
        for (var k = units.Length - 1; k >= 0; k--)
        {
            remaining[k] = remaining[k + 1] + (options[order[k]].Length > 0 ? options[order[k]][0].Cost : double.MaxValue);
        }

        var chosen = new int[units.Length];
        var best = (Anchors: (int[]?)null, Cost: double.MaxValue);
        var budget = MaxAssignmentSteps;
        Search(0, 0, 0.0);
        return best.Anchors is null ? null : (best.Anchors, best.Cost);

        void Search(int k, int taken, double cost)
        {
            if (k == order.Length)
            {
                best = ((int[])chosen.Clone(), cost);
                return;
            }

            foreach (var (pair, at, nibble) in options[order[k]])
            {
                // Options are cheapest first: once one cannot beat the best, no later one can.
                if (cost + pair + remaining[k + 1] >= best.Cost || --budget < 0)
                {
                    return;
                }

                if ((taken & (1 << nibble)) == 0)
                {
                    chosen[order[k]] = at;
                    Search(k + 1, taken | (1 << nibble), cost + pair);
                }
            }
        }
    }

    /// <summary>
    /// Steps the search for exact pairs may take at one gap (at most 8 literals of 16 nibbles each). Past it the best
    /// choice found so far stands; the first descent, at most 8 × 16 steps, always ends in one unless the literals'
    /// nibbles run out, and with none found the nibble tables are used.
    /// </summary>
    private const int MaxAssignmentSteps = 4096;

    // The byte a unit becomes in the nibble tables: itself for a byte; for a char, what Utf16Blocks makes of it.
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

        return UseVector512 && text.Length >= 64 + Gap ? Scan512(text, _bytes!) : ContainsAny<byte, Utf8Blocks>(text, _bytes!);
    }

    /// <summary>Test hook: whether 512-bit blocks are used for UTF-8 text with room for one.</summary>
    internal static bool UseVector512 { get; set; } = Vector512.IsHardwareAccelerated && Avx512BW.IsSupported;

    // As Scan, 64 positions a block, with verification inline: the loop makes no call at all, so the JIT keeps the
    // four 512-bit tables in registers. perf: never inlined (nor the 256-bit scan): inlined into a caller's loop over
    // events (dynamic PGO devirtualizes the matcher into benchmark and shipper loops alike), its tables and state were
    // spilled to the stack each event: OR of 2 terms 505 instead of 200 us per 20,000 events.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Scan512(ReadOnlySpan<byte> text, byte[][] literals)
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var gap = Gap;
        var last = text.Length - 64 - gap;
        var (lo0, hi0, lo1, hi1) = (_low0Wide, _high0Wide, _low1Wide, _high1Wide);
        var nibble = Vector512.Create((byte)0x0F);
        ref var anchors = ref MemoryMarshal.GetArrayDataReference(_anchors);
        for (var i = 0; ; i += 64)
        {
            var skip = 0;
            if (i > last)
            {
                skip = i - last;
                i = last;
            }

            var v0 = Vector512.LoadUnsafe(ref start, (nuint)i);
            var v1 = Vector512.LoadUnsafe(ref start, (nuint)(i + gap));
            var candidates = Avx512BW.Shuffle(lo0, v0 & nibble) & Avx512BW.Shuffle(hi0, Vector512.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble) &
                             Avx512BW.Shuffle(lo1, v1 & nibble) & Avx512BW.Shuffle(hi1, Vector512.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
            var positions = ~Vector512.Equals(candidates, Vector512<byte>.Zero).ExtractMostSignificantBits() & (ulong.MaxValue << skip);
            for (; positions != 0; positions &= positions - 1)
            {
                var j = BitOperations.TrailingZeroCount(positions);
                for (var buckets = (uint)candidates.GetElement(j); buckets != 0; buckets &= buckets - 1)
                {
                    var bucket = BitOperations.TrailingZeroCount(buckets);
                    var literal = literals[bucket];
                    var from = i + j - Unsafe.Add(ref anchors, bucket);
                    if (from >= 0 && from <= text.Length - literal.Length && LiteralSearch.Equal(ref Unsafe.Add(ref start, from), ref MemoryMarshal.GetArrayDataReference(literal), literal.Length))
                    {
                        return true;
                    }
                }
            }

            if (i == last)
            {
                return false;
            }
        }
    }

    /// <summary>Whether any literal occurs in the UTF-16 <paramref name="text"/> (a search made by <see cref="TryCreateUtf16"/>).</summary>
    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        Debug.Assert(_chars is not null, "A UTF-16 search.");
        return ContainsAny<ushort, Utf16Blocks>(MemoryMarshal.Cast<char, ushort>(text), _chars!);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ContainsAny<T, TBlocks>(ReadOnlySpan<T> text, T[][] literals)
        where T : unmanaged, IEquatable<T>
        where TBlocks : struct, IBlocks<T>
    {
        // Pairs start at positions 0 .. text.Length - Gap - 1.
        if (Exact)
        {
            return text.Length < 32 + Gap ? ContainsAnyShort<T, TBlocks, ExactPairs>(text, literals) : Scan<T, TBlocks, ExactPairs>(text, literals);
        }

        return text.Length < 32 + Gap ? ContainsAnyShort<T, TBlocks, NibblePairs>(text, literals) : Scan<T, TBlocks, NibblePairs>(text, literals);
    }

    /// <summary>How a block's candidates are found: by exact pairs or by the nibble tables (a type, so each is its own loop).</summary>
    private interface IPairs
    {
        static abstract bool Exact { get; }
    }

    private readonly struct ExactPairs : IPairs
    {
        public static bool Exact => true;
    }

    private readonly struct NibblePairs : IPairs
    {
        public static bool Exact => false;
    }

    /// <summary>How 32 consecutive units of the text become the 32 bytes the nibble tables look up.</summary>
    private interface IBlocks<T>
        where T : unmanaged
    {
        static abstract Vector256<byte> Load(ref T start, int at);
    }

    private readonly struct Utf8Blocks : IBlocks<byte>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<byte> Load(ref byte start, int at) => Vector256.LoadUnsafe(ref start, (nuint)at);
    }

    /// <summary>
    /// 32 chars as 32 bytes, in order: a char below 0x100 is itself, one below 0x8000 becomes 0xFF and any other 0x00
    /// (vpackuswb saturates signed 16-bit values); the nibble tables hold the anchors narrowed the same way, so a
    /// char never misses its own anchor, and verification against the chars rejects the collisions.
    /// </summary>
    private readonly struct Utf16Blocks : IBlocks<ushort>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<byte> Load(ref ushort start, int at) =>
            Avx2.Permute4x64(
                Avx2.PackUnsignedSaturate(Vector256.LoadUnsafe(ref start, (nuint)at).AsInt16(), Vector256.LoadUnsafe(ref start, (nuint)(at + 16)).AsInt16()).AsUInt64(),
                0b11_01_10_00).AsByte();
    }

    // Byte j: the buckets whose first anchor unit may be v0[j] and second v1[j] (nibble tables), or all ones where the
    // one pair whose first unit has v0[j]'s low nibble is v0[j] and v1[j] (exact pairs: lo0 holds the first units by
    // that nibble, hi0 the second ones).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Candidates<TPairs>(Vector256<byte> v0, Vector256<byte> v1, Vector256<byte> lo0, Vector256<byte> hi0, Vector256<byte> lo1, Vector256<byte> hi1)
        where TPairs : struct, IPairs
    {
        var nibble = Vector256.Create((byte)0x0F);
        if (TPairs.Exact)
        {
            var low = v0 & nibble;
            return Vector256.Equals(Avx2.Shuffle(lo0, low), v0) & Vector256.Equals(Avx2.Shuffle(hi0, low), v1);
        }

        return Avx2.Shuffle(lo0, v0 & nibble) & Avx2.Shuffle(hi0, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble) &
               Avx2.Shuffle(lo1, v1 & nibble) & Avx2.Shuffle(hi1, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
    }

    // perf: the loop calls nothing, so the four tables stay in registers (every vector register is caller-saved on x64
    // Unix); after a verification that found nothing they are read again from the instance. The last block overlaps
    // the one before it, its repeated positions masked out.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Scan<T, TBlocks, TPairs>(ReadOnlySpan<T> text, T[][] literals)
        where T : unmanaged, IEquatable<T>
        where TBlocks : struct, IBlocks<T>
        where TPairs : struct, IPairs
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var gap = Gap;
        var last = text.Length - 32 - gap;
        var i = 0;
        while (true)
        {
            var (lo0, hi0, lo1, hi1) = TPairs.Exact ? (_first, _second, default, default) : (_low0, _high0, _low1, _high1);

            // perf: two whole blocks a step, tested together, until one of them holds a candidate (half the loop's
            // branches and bookkeeping a block): on the Zen 3, 8 terms 315-320 to 306-308 µs, 2 terms 264 to 239 µs.
            for (; i + 32 <= last; i += 64)
            {
                var c0 = Candidates<TPairs>(TBlocks.Load(ref start, i), TBlocks.Load(ref start, i + gap), lo0, hi0, lo1, hi1);
                var c1 = Candidates<TPairs>(TBlocks.Load(ref start, i + 32), TBlocks.Load(ref start, i + 32 + gap), lo0, hi0, lo1, hi1);
                if ((c0 | c1) != Vector256<byte>.Zero)
                {
                    break;
                }
            }

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

                candidates = Candidates<TPairs>(TBlocks.Load(ref start, i), TBlocks.Load(ref start, i + gap), lo0, hi0, lo1, hi1);
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

            if (Verify<T, TPairs>(text, literals, i, candidates, uint.MaxValue))
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
    private bool ContainsAnyShort<T, TBlocks, TPairs>(ReadOnlySpan<T> text, T[][] literals)
        where T : unmanaged, IEquatable<T>
        where TBlocks : struct, IBlocks<T>
        where TPairs : struct, IPairs
    {
        var positions = text.Length - Gap;
        if (positions <= 0)
        {
            return false;
        }

        // A block reads 32 units from the gap on (UTF-8) or two of 16 (UTF-16): at most 32 + MaxGap.
        Span<T> padded = stackalloc T[32 + MaxGap];
        padded.Clear();
        text.CopyTo(padded);
        ref var start = ref MemoryMarshal.GetReference(padded);
        var candidates = TPairs.Exact
            ? Candidates<TPairs>(TBlocks.Load(ref start, 0), TBlocks.Load(ref start, Gap), _first, _second, default, default)
            : Candidates<TPairs>(TBlocks.Load(ref start, 0), TBlocks.Load(ref start, Gap), _low0, _high0, _low1, _high1);
        return candidates != Vector256<byte>.Zero && Verify<T, TPairs>(text, literals, 0, candidates, (1u << positions) - 1);
    }

    // Byte j of candidates holds the buckets whose pair may sit at offset + j; valid selects the positions to check.
    // perf: inlined, and the literals compared inline (no call), so that the scan's loop calls nothing and keeps its
    // tables in registers (as Scan512 does): 8 terms over 20,000 text lines on a Zen 3 EPYC (AVX2 only) took 335-338 µs
    // with a call to the runtime's SequenceEqual per candidate and 315-321 µs with this, against 193 µs for one term.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Verify<T, TPairs>(ReadOnlySpan<T> text, T[][] literals, int offset, Vector256<byte> candidates, uint valid)
        where T : unmanaged, IEquatable<T>
        where TPairs : struct, IPairs
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        ref var anchors = ref MemoryMarshal.GetArrayDataReference(_anchors);
        var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
        for (; positions != 0; positions &= positions - 1)
        {
            var j = BitOperations.TrailingZeroCount(positions);
            var buckets = TPairs.Exact ? 1u << _bucketOfNibble![Narrowed(UnitAt(ref start, offset + j)) & 0xF] : candidates.GetElement(j);
            for (; buckets != 0; buckets &= buckets - 1)
            {
                var bucket = BitOperations.TrailingZeroCount(buckets);
                var literal = literals[bucket];
                var from = offset + j - Unsafe.Add(ref anchors, bucket);
                if (from >= 0 && from <= text.Length - literal.Length && LiteralSearch.Equal(ref Unsafe.Add(ref start, from), ref MemoryMarshal.GetArrayDataReference(literal), literal.Length))
                {
                    return true;
                }
            }
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int UnitAt<T>(ref T start, int at)
        where T : unmanaged => typeof(T) == typeof(byte) ? Unsafe.As<T, byte>(ref Unsafe.Add(ref start, at)) : Unsafe.As<T, ushort>(ref Unsafe.Add(ref start, at));
}
