using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// Several literals searched for in one pass. UTF-16 uses <see cref="SearchValues{T}"/> of strings (the runtime's own
/// multi-string search). UTF-8 has no runtime equivalent, so this implements "Teddy" (from Hyperscan): literals are
/// spread over 8 buckets; for each input position, nibble lookup tables (one SIMD shuffle per nibble and per prefix
/// byte) give the buckets whose literals could start there; the few candidates are then verified. Without AVX2 the
/// UTF-8 path falls back to one vectorized <c>IndexOf</c> per literal.
/// </summary>
/// <remarks>
/// Every literal has a verification lane (<see cref="LaneOf"/>); <see cref="MarkLanes{T}"/> reports the literals present
/// as a bitmap over lanes, which pattern sets read directly.
/// </remarks>
internal sealed class LiteralSet
{
    private const int Buckets = 8;

    /// <summary>Prefix bytes the nibble tables cover when the literals have more than 8 first bytes.</summary>
    private const int WideFingerprint = 4;

    /// <summary>Lanes of the fixed layout: 8 buckets of 4.</summary>
    private const int FixedLanes = 32;

    private readonly Literal[] _literals;
    private readonly SearchValues<string>? _utf16;
    private readonly AnchoredPairSearch? _pairs;
    private readonly AnchoredPairSearch? _pairs16;

    // Verification lanes of all buckets, bucket b at [_bucketStart[b], _bucketStart[b + 1]), its literals first and then
    // padding to whole vectors of 4: the literal's index (-1 for padding), its first (up to) 8 bytes as a little-endian
    // word and the mask of those bytes (padding: mask 0, prefix 1, never equal); per vector, which lanes are longer than
    // 8 bytes.
    private readonly int[] _laneLiteral;
    private readonly int[] _literalLane;
    private readonly ulong[] _lanePrefix;
    private readonly ulong[] _laneMask;
    private readonly byte[] _longLanes;
    private readonly int[] _bucketStart;
    private readonly int[] _bucketSizes;
    private readonly uint _nonEmptyBuckets;
    private readonly int _fingerprint;

    // The fixed layout (at most 32 literals, at most 4 a bucket): bucket b has lanes [4b, 4b + 4), and a candidate is
    // verified against all 32 lanes at once by their first 4 bytes (literals longer than that are then compared in
    // full: _longLanes4). Null/zero otherwise.
    private readonly uint[]? _lanePrefix4;
    private readonly uint[]? _laneMask4;
    private readonly uint _longLanes4;

    // The shortest literal: when it is shorter than the fingerprint (wide tables), the last positions need their own pass.
    private readonly int _minLength;

    // The literals shorter than the fingerprint, which alone can start in the last fingerprint - 1 positions.
    private readonly int[] _shortLiterals = [];

    // Nibble tables of the first four bytes (unused ones stay zero).
    private readonly Vector256<byte> _low0;
    private readonly Vector256<byte> _high0;
    private readonly Vector256<byte> _low1;
    private readonly Vector256<byte> _high1;
    private readonly Vector256<byte> _low2;
    private readonly Vector256<byte> _high2;
    private readonly Vector256<byte> _low3;
    private readonly Vector256<byte> _high3;

    public LiteralSet(IReadOnlyList<Literal> literals)
    {
        _literals = [.. literals];
        if (_literals.Length == 1)
        {
            // perf: one literal is searched with IndexOf; the tables below cost ~5 µs to build, a tenth of compiling a
            // large JSON pattern (which builds a set per pre-check clause).
            (_utf16, _laneLiteral, _literalLane, _lanePrefix, _laneMask, _longLanes, _bucketStart, _bucketSizes) = (null, [0], [0], [], [], [], [], []);
            return;
        }

        _utf16 = SearchValues.Create([.. _literals.Select(static l => l.Utf16)], StringComparison.Ordinal);
        _pairs = AnchoredPairSearch.TryCreate(_literals);
        _pairs16 = AnchoredPairSearch.TryCreateUtf16(_literals);
        _minLength = _literals.Min(static l => l.Utf8.Length);
        var (bucketOf, fingerprint) = AssignBuckets(_literals, _minLength);
        _fingerprint = fingerprint;
        _shortLiterals = [.. Enumerable.Range(0, _literals.Length).Where(i => _literals[i].Utf8.Length < fingerprint)];

        var members = Enumerable.Range(0, Buckets).Select(_ => new List<int>()).ToArray();
        var low = new byte[_fingerprint, 16];
        var high = new byte[_fingerprint, 16];
        for (var i = 0; i < _literals.Length; i++)
        {
            var bucket = bucketOf[i];
            members[bucket].Add(i);
            var utf8 = _literals[i].Utf8;
            for (var k = 0; k < _fingerprint; k++)
            {
                if (k < utf8.Length)
                {
                    low[k, utf8[k] & 0xF] |= (byte)(1 << bucket);
                    high[k, utf8[k] >> 4] |= (byte)(1 << bucket);
                    continue;
                }

                // A literal shorter than the fingerprint: any byte may follow it.
                for (var n = 0; n < 16; n++)
                {
                    low[k, n] |= (byte)(1 << bucket);
                    high[k, n] |= (byte)(1 << bucket);
                }
            }
        }

        int[][] bucketMembers = [.. members.Select(static m => m.ToArray())];
        var fixedLayout = _literals.Length <= FixedLanes && bucketMembers.All(static m => m.Length <= 4);
        _bucketStart = new int[Buckets + 1];
        _bucketSizes = new int[Buckets];
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            _bucketSizes[bucket] = bucketMembers[bucket].Length;
            _bucketStart[bucket + 1] = _bucketStart[bucket] + (fixedLayout ? 4 : (_bucketSizes[bucket] + 3) & ~3);
            _nonEmptyBuckets |= _bucketSizes[bucket] > 0 ? 1u << bucket : 0;
        }

        var lanes = _bucketStart[Buckets];
        _laneLiteral = new int[lanes];
        _literalLane = new int[_literals.Length];
        _lanePrefix = new ulong[lanes];
        _laneMask = new ulong[lanes];
        _longLanes = new byte[lanes / 4];
        Span<byte> word = stackalloc byte[8];
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            for (var lane = _bucketStart[bucket]; lane < _bucketStart[bucket + 1]; lane++)
            {
                var member = lane - _bucketStart[bucket];
                if (member >= _bucketSizes[bucket])
                {
                    (_laneLiteral[lane], _lanePrefix[lane], _laneMask[lane]) = (-1, 1, 0);
                    continue;
                }

                var index = bucketMembers[bucket][member];
                var utf8 = _literals[index].Utf8;
                word.Clear();
                utf8.AsSpan(0, Math.Min(8, utf8.Length)).CopyTo(word);
                _laneLiteral[lane] = index;
                _literalLane[index] = lane;
                _lanePrefix[lane] = BinaryPrimitives.ReadUInt64LittleEndian(word);
                _laneMask[lane] = utf8.Length >= 8 ? ulong.MaxValue : (1UL << (8 * utf8.Length)) - 1;
                _longLanes[lane / 4] |= (byte)(utf8.Length > 8 ? 1 << (lane % 4) : 0);
            }
        }

        if (fixedLayout)
        {
            _lanePrefix4 = new uint[FixedLanes];
            _laneMask4 = new uint[FixedLanes];
            for (var lane = 0; lane < FixedLanes; lane++)
            {
                if (_laneLiteral[lane] < 0)
                {
                    (_lanePrefix4[lane], _laneMask4[lane]) = (1, 0);
                    continue;
                }

                var length = _literals[_laneLiteral[lane]].Utf8.Length;
                (_lanePrefix4[lane], _laneMask4[lane]) = ((uint)_lanePrefix[lane], length >= 4 ? uint.MaxValue : (1u << (8 * length)) - 1);
                _longLanes4 |= length > 4 ? 1u << lane : 0;
            }
        }

        for (var k = 0; k < _fingerprint; k++)
        {
            var lo = new byte[32];
            var hi = new byte[32];
            for (var n = 0; n < 16; n++)
            {
                // vpshufb looks up within each 128-bit lane: repeat the table in both lanes.
                lo[n] = lo[n + 16] = low[k, n];
                hi[n] = hi[n + 16] = high[k, n];
            }

            var (lowMask, highMask) = (Vector256.Create(lo), Vector256.Create(hi));
            switch (k)
            {
                case 0:
                    (_low0, _high0) = (lowMask, highMask);
                    break;
                case 1:
                    (_low1, _high1) = (lowMask, highMask);
                    break;
                case 2:
                    (_low2, _high2) = (lowMask, highMask);
                    break;
                default:
                    (_low3, _high3) = (lowMask, highMask);
                    break;
            }
        }
    }

    /// <summary>
    /// Which bucket each literal goes to, and how many prefix bytes the tables cover. With at most 8 first bytes, one
    /// first byte per bucket and up to 3 bytes (false candidates are then rare). With more, 4 bytes (shorter literals
    /// accept any byte past their end) and buckets chosen by <see cref="ImproveBuckets"/> from contiguous runs of the
    /// sorted literals (neighbours share leading bytes).
    /// </summary>
    private static (int[] BucketOf, int Fingerprint) AssignBuckets(Literal[] literals, int minLength)
    {
        var bucketOf = new int[literals.Length];
        var order = Enumerable.Range(0, literals.Length)
            .OrderBy(i => literals[i].Utf8, Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ToArray();
        var firsts = order.Select(i => literals[i].Utf8[0]).Distinct().ToList();
        if (firsts.Count <= Buckets)
        {
            foreach (var i in order)
            {
                bucketOf[i] = firsts.IndexOf(literals[i].Utf8[0]);
            }

            return (bucketOf, Math.Min(3, minLength));
        }

        for (var n = 0; n < order.Length; n++)
        {
            bucketOf[order[n]] = n * Buckets / order.Length;
        }

        ImproveBuckets(literals, bucketOf, WideFingerprint, literals.Length <= FixedLanes ? 4 : int.MaxValue);
        return (bucketOf, WideFingerprint);
    }

    /// <summary>
    /// Moves literals between buckets while that lowers the expected number of false candidates per input position:
    /// for each bucket, the product over prefix positions of the probability (<see cref="ByteFrequency"/>) that a byte
    /// falls in the cross product of the bucket's low and high nibbles there (1 where a literal has ended).
    /// </summary>
    /// <remarks>
    /// perf: measured by simulation over 5,000 loghub lines with the 30 terms of the set benchmark, candidates per event
    /// (1.28 of them real): sorted runs with 3-byte tables 4.29; improved buckets with 4-byte tables 2.03.
    /// </remarks>
    private static void ImproveBuckets(Literal[] literals, int[] bucketOf, int fingerprint, int capacity)
    {
        const int MaxPasses = 4;
        var members = Enumerable.Range(0, Buckets).Select(b => Enumerable.Range(0, literals.Length).Where(i => bucketOf[i] == b).ToList()).ToArray();
        var cost = members.Select(m => Cost(literals, m, -1, fingerprint)).ToArray();
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var moved = false;
            for (var i = 0; i < literals.Length; i++)
            {
                var from = bucketOf[i];
                var without = Cost(literals, members[from], i, fingerprint);
                var (best, bestGain) = (-1, 1e-12);
                for (var to = 0; to < Buckets; to++)
                {
                    if (to == from || members[to].Count >= capacity)
                    {
                        continue;
                    }

                    members[to].Add(i);
                    var gain = cost[from] + cost[to] - without - Cost(literals, members[to], -1, fingerprint);
                    members[to].RemoveAt(members[to].Count - 1);
                    if (gain > bestGain)
                    {
                        (best, bestGain) = (to, gain);
                    }
                }

                if (best < 0)
                {
                    continue;
                }

                members[from].Remove(i);
                members[best].Add(i);
                bucketOf[i] = best;
                cost[from] = without;
                cost[best] = Cost(literals, members[best], -1, fingerprint);
                moved = true;
            }

            if (!moved)
            {
                return;
            }
        }
    }

    // The false-candidate probability of a bucket holding these literals (but "except").
    private static double Cost(Literal[] literals, List<int> members, int except, int fingerprint)
    {
        var probability = 1.0;
        var any = false;
        for (var k = 0; k < fingerprint; k++)
        {
            var (lowNibbles, highNibbles, ended) = (0, 0, false);
            foreach (var i in members)
            {
                if (i == except)
                {
                    continue;
                }

                any = true;
                var utf8 = literals[i].Utf8;
                if (k >= utf8.Length)
                {
                    ended = true;
                    break;
                }

                lowNibbles |= 1 << (utf8[k] & 0xF);
                highNibbles |= 1 << (utf8[k] >> 4);
            }

            if (ended)
            {
                continue;
            }

            var share = 0;
            for (var h = highNibbles; h != 0; h &= h - 1)
            {
                for (var l = lowNibbles; l != 0; l &= l - 1)
                {
                    share += ByteFrequency.Frequency[(BitOperations.TrailingZeroCount(h) << 4) | BitOperations.TrailingZeroCount(l)];
                }
            }

            probability *= share / 65536.0;
        }

        return any ? probability : 0;
    }

    public int Count => _literals.Length;

    /// <summary>The search by rare byte pairs that <see cref="ContainsAny{T}"/> uses on UTF-8 where it applies, or null.</summary>
    public AnchoredPairSearch? Pairs => _pairs;

    /// <summary>The UTF-16 counterpart of <see cref="Pairs"/>.</summary>
    public AnchoredPairSearch? Pairs16 => _pairs16;

    public Literal this[int index] => _literals[index];

    /// <summary>How many verification lanes there are (at least <see cref="Count"/>; lane numbers are below this).</summary>
    public int LaneCount => _laneLiteral.Length;

    /// <summary>The length a lane bitmap for <see cref="MarkLanes{T}"/> needs, in words (one to spare).</summary>
    public int LaneWords => (LaneCount + 63) / 64 + 1;

    /// <summary>The lane of literal <paramref name="index"/>.</summary>
    public int LaneOf(int index) => _literalLane[index];

    /// <summary>Test hook: whether the UTF-8 path may use AVX2 (tests turn it off to exercise the fallback).</summary>
    internal static bool UseAvx2 { get; set; } = Avx2.IsSupported;

    /// <summary>The offset of the first occurrence of any literal, or -1.</summary>
    /// <remarks>perf: a set of one literal is a single-literal search, faster than either multi-literal search.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfAny<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IEquatable<T> =>
        _literals.Length == 1 ? _literals[0].IndexIn(text) :
        typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(text).IndexOfAny(_utf16!)
            : IndexOfAnyUtf8(MemoryMarshal.Cast<T, byte>(text));

    /// <summary>Whether any literal occurs: <see cref="IndexOfAny{T}"/> &gt;= 0, found faster where only that is asked.</summary>
    /// <remarks>
    /// perf: 2 to 8 literals are searched by their rarest pairs of units (<see cref="AnchoredPairSearch"/>), UTF-8 and
    /// UTF-16 alike (the runtime's <see cref="SearchValues{T}"/> of 8 strings ran 1.4 to 2.7 times one term's time on
    /// text logs, varying from one process to the next).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ContainsAny<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IEquatable<T> =>
        typeof(T) == typeof(byte) && _pairs is not null && UseAvx2 ? _pairs.ContainsAny(MemoryMarshal.Cast<T, byte>(text)) :
        typeof(T) == typeof(char) && _pairs16 is not null && UseAvx2 ? _pairs16.ContainsAny(MemoryMarshal.Cast<T, char>(text)) :
        IndexOfAny(text) >= 0;

    /// <summary>
    /// Sets <c>present[i]</c> to whether literal i occurs in <paramref name="text"/>, in one pass that stops early
    /// once all are found. Returns how many were found.
    /// </summary>
    public int MarkPresent<T>(ReadOnlySpan<T> text, Span<bool> present)
        where T : unmanaged, IEquatable<T>
    {
        using var buffer = new PooledBuffer<ulong>(stackalloc ulong[8], LaneWords);
        var lanes = buffer.Span;
        MarkLanes(text, lanes);
        // perf: the bitmap's set bits (usually few), not every literal.
        present = present[.._literals.Length];
        present.Clear();
        var found = 0;
        for (var word = 0; word < lanes.Length; word++)
        {
            for (var bits = lanes[word]; bits != 0; bits &= bits - 1, found++)
            {
                present[_laneLiteral[(word << 6) + BitOperations.TrailingZeroCount(bits)]] = true;
            }
        }

        return found;
    }

    /// <summary>
    /// Sets bit <see cref="LaneOf"/>(i) of <paramref name="lanes"/> (at least <see cref="LaneWords"/> long, cleared here)
    /// for every literal i that occurs in <paramref name="text"/>, in one pass that stops early once all are found;
    /// every other bit is cleared.
    /// </summary>
    public void MarkLanes<T>(ReadOnlySpan<T> text, Span<ulong> lanes)
        where T : unmanaged, IEquatable<T>
    {
        lanes = lanes[..LaneWords];
        lanes.Clear();
        if (_literals.Length == 1)
        {
            lanes[0] = _literals[0].IndexIn(text) >= 0 ? 1UL : 0;
            return;
        }

        if (typeof(T) == typeof(byte) && UseAvx2)
        {
            var bytes = MemoryMarshal.Cast<T, byte>(text);
            var marker = new LaneMarker(this, lanes);
            if (bytes.Length < 32 + _fingerprint - 1)
            {
                ScanShort(bytes, ref marker);
            }
            else if (!Scan(bytes, ref marker))
            {
                ScanTail(bytes, ref marker);
            }

            return;
        }

        // UTF-16, or no AVX2: find any literal, mark every literal starting there, continue after it.
        var missing = _literals.Length;
        var position = 0;
        while (position < text.Length)
        {
            var at = IndexOfAny(text[position..]);
            if (at < 0)
            {
                break;
            }

            at += position;
            var rest = text[at..];
            for (var i = 0; i < _literals.Length; i++)
            {
                var lane = _literalLane[i];
                if (((lanes[lane >> 6] >> lane) & 1) == 0 && rest.StartsWith(_literals[i].Get<T>()))
                {
                    lanes[lane >> 6] |= 1UL << lane;
                    if (--missing == 0)
                    {
                        return;
                    }
                }
            }

            position = at + 1;
        }
    }

    /// <summary>Whether the literal <paramref name="index"/> occurs at <paramref name="position"/>.</summary>
    public bool StartsAt<T>(ReadOnlySpan<T> text, int position, int index)
        where T : unmanaged, IEquatable<T> => text[position..].StartsWith(_literals[index].Get<T>());

    private int IndexOfAnyUtf8(ReadOnlySpan<byte> text)
    {
        if (!UseAvx2)
        {
            return IndexOfAnyFallback(text);
        }

        var finder = new Finder(this);
        if (text.Length < 32 + _fingerprint - 1)
        {
            ScanShort(text, ref finder);
        }
        else if (!Scan(text, ref finder))
        {
            ScanTail(text, ref finder);
        }

        return finder.Position;
    }

    /// <summary>Runs the vector loop over a text of at least 32 + fingerprint - 1 bytes; true when the handler stopped it.</summary>
    private bool Scan<THandler>(ReadOnlySpan<byte> text, ref THandler handler)
        where THandler : struct, ICandidateHandler, allows ref struct =>
        _fingerprint switch
        {
            1 => Scan<Fingerprint1, THandler>(text, ref handler),
            2 => Scan<Fingerprint2, THandler>(text, ref handler),
            3 => Scan<Fingerprint3, THandler>(text, ref handler),
            _ => Scan<Fingerprint4, THandler>(text, ref handler),
        };

    /// <summary>How many leading bytes of the literals the nibble tables cover (1 to 4), as a type the JIT specialises on.</summary>
    private interface IFingerprint
    {
        static abstract int Length { get; }
    }

    private readonly struct Fingerprint1 : IFingerprint
    {
        public static int Length => 1;
    }

    private readonly struct Fingerprint2 : IFingerprint
    {
        public static int Length => 2;
    }

    private readonly struct Fingerprint3 : IFingerprint
    {
        public static int Length => 3;
    }

    private readonly struct Fingerprint4 : IFingerprint
    {
        public static int Length => 4;
    }

    // perf: one specialised loop per fingerprint length and per handler (a struct: find the first, mark all). The
    // inner loop calls nothing, so the masks stay in registers; every vector register is caller-saved on x64 Unix, and
    // with the handler's call inside the loop the JIT reloaded all of them from the stack every block (measured). After
    // a call they are re-read from the instance instead. The last vector overlaps the previous one (positions already
    // examined are masked out) instead of copying the tail. Positions from the end minus the fingerprint on are not
    // examined here (see ScanTail).
    private bool Scan<TFingerprint, THandler>(ReadOnlySpan<byte> text, ref THandler handler)
        where TFingerprint : struct, IFingerprint
        where THandler : struct, ICandidateHandler, allows ref struct
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var last = text.Length - 31 - TFingerprint.Length;
        var i = 0;
        while (true)
        {
            var (lo0, hi0, lo1, hi1, lo2, hi2, lo3, hi3) = (_low0, _high0, _low1, _high1, _low2, _high2, _low3, _high3);
            var nibble = Vector256.Create((byte)0x0F);
            var active = handler.ActiveBuckets;
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
                candidates = active & Avx2.Shuffle(lo0, v0 & nibble) &
                             Avx2.Shuffle(hi0, Vector256.ShiftRightLogical(v0.AsUInt16(), 4).AsByte() & nibble);
                if (TFingerprint.Length >= 2)
                {
                    var v1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i + 1));
                    candidates &= Avx2.Shuffle(lo1, v1 & nibble) & Avx2.Shuffle(hi1, Vector256.ShiftRightLogical(v1.AsUInt16(), 4).AsByte() & nibble);
                }

                if (TFingerprint.Length >= 3)
                {
                    var v2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i + 2));
                    candidates &= Avx2.Shuffle(lo2, v2 & nibble) & Avx2.Shuffle(hi2, Vector256.ShiftRightLogical(v2.AsUInt16(), 4).AsByte() & nibble);
                }

                if (TFingerprint.Length >= 4)
                {
                    var v3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref start, i + 3));
                    candidates &= Avx2.Shuffle(lo3, v3 & nibble) & Avx2.Shuffle(hi3, Vector256.ShiftRightLogical(v3.AsUInt16(), 4).AsByte() & nibble);
                }

                if (skip != 0)
                {
                    // The overlapping last block: positions examined before are not candidates again.
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

            if (handler.OnCandidates(text, i, candidates, uint.MaxValue << skip))
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

    /// <summary>
    /// After <see cref="Scan{THandler}"/> found nothing to stop at: the last fingerprint - 1 positions, which only
    /// literals shorter than the fingerprint can start at.
    /// </summary>
    private void ScanTail<THandler>(ReadOnlySpan<byte> text, ref THandler handler)
        where THandler : struct, ICandidateHandler, allows ref struct
    {
        // perf: a scalar check of the few short literals at the few positions left (a padded vector pass cost more).
        for (var position = Math.Max(0, text.Length - _fingerprint + 1); position <= text.Length - _minLength; position++)
        {
            foreach (var index in _shortLiterals)
            {
                if (text[position..].StartsWith(_literals[index].Utf8) && handler.OnMatch(position, _literalLane[index]))
                {
                    return;
                }
            }
        }
    }

    /// <summary>A text too short for <see cref="Scan{THandler}"/>: padded blocks of 32 positions (two at most).</summary>
    private void ScanShort<THandler>(ReadOnlySpan<byte> text, ref THandler handler)
        where THandler : struct, ICandidateHandler, allows ref struct
    {
        for (var from = 0; from < text.Length; from += 32)
        {
            if (ScanPadded(text, from, uint.MaxValue, ref handler))
            {
                return;
            }
        }
    }

    /// <summary>
    /// One vector of positions from <paramref name="from"/> over a zero-padded copy of the rest of the text (at most
    /// 32 + 3 bytes); <paramref name="valid"/> selects the positions to examine (those inside the text are kept).
    /// The handler verifies candidates against the real text, so the padding never matches. Returns whether it stopped.
    /// </summary>
    private bool ScanPadded<THandler>(ReadOnlySpan<byte> text, int from, uint valid, ref THandler handler)
        where THandler : struct, ICandidateHandler, allows ref struct
    {
        Span<byte> padded = stackalloc byte[64];
        var rest = text[from..];
        rest[..Math.Min(rest.Length, 32 + WideFingerprint - 1)].CopyTo(padded);
        var nibble = Vector256.Create((byte)0x0F);
        ref var at = ref MemoryMarshal.GetReference(padded);
        var candidates = handler.ActiveBuckets;
        for (var k = 0; k < _fingerprint; k++)
        {
            var input = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, k));
            var (lowMask, highMask) = k switch { 0 => (_low0, _high0), 1 => (_low1, _high1), 2 => (_low2, _high2), _ => (_low3, _high3) };
            candidates &= Avx2.Shuffle(lowMask, input & nibble) & Avx2.Shuffle(highMask, Vector256.ShiftRightLogical(input.AsUInt16(), 4).AsByte() & nibble);
        }

        valid &= rest.Length >= 32 ? uint.MaxValue : (1u << rest.Length) - 1;
        return candidates != Vector256<byte>.Zero && valid != 0 && handler.OnCandidates(text, from, candidates, valid);
    }

    /// <summary>What the vector loop does with the candidates of one block.</summary>
    private interface ICandidateHandler
    {
        /// <summary>Bucket bits still wanted, in every byte (all set to find any literal).</summary>
        Vector256<byte> ActiveBuckets { get; }

        /// <summary>
        /// Handles the block at <c>offset</c>, whose byte j holds the buckets that may start at offset + j; bit j of
        /// <c>valid</c> is set when that position lies inside the text and was not examined before. Returns true to stop.
        /// </summary>
        bool OnCandidates(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid);

        /// <summary>Handles a literal found (its lane) at <paramref name="position"/> by other means. Returns true to stop.</summary>
        bool OnMatch(int position, int lane);
    }

    /// <summary>Finds the first occurrence of any literal.</summary>
    private struct Finder(LiteralSet set) : ICandidateHandler
    {
        public int Position { get; private set; } = -1;

        public readonly Vector256<byte> ActiveBuckets => Vector256<byte>.AllBitsSet;

        public bool OnCandidates(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
        {
            Position = set._lanePrefix4 is not null ? set.VerifyFixed(text, offset, candidates, valid) : set.Verify(text, offset, candidates, valid);
            return Position >= 0;
        }

        public bool OnMatch(int position, int lane)
        {
            Position = position;
            return true;
        }
    }

    /// <summary>
    /// Sets the lane bit of every literal that occurs (in a cleared bitmap); a bucket stops being searched once all its
    /// literals are found.
    /// </summary>
    /// <remarks>
    /// perf: a candidate's hits are OR-ed into the bitmap whether or not there are any, without a branch on each hit;
    /// which buckets are complete is checked once per block, only after a block that found something.
    /// </remarks>
    private ref struct LaneMarker : ICandidateHandler
    {
        private readonly LiteralSet _set;
        private readonly Span<ulong> _lanes;
        private uint _active;

        public LaneMarker(LiteralSet set, Span<ulong> lanes)
        {
            _set = set;
            _lanes = lanes;
            _active = set._nonEmptyBuckets;
            ActiveBuckets = Vector256.Create((byte)_active);
        }

        public Vector256<byte> ActiveBuckets { get; private set; }

        public bool OnCandidates(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
        {
            var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
            if (_set._lanePrefix4 is not null)
            {
                return OnCandidatesFixed(text, offset, positions);
            }

            var any = 0UL;
            while (positions != 0)
            {
                var j = BitOperations.TrailingZeroCount(positions);
                positions &= positions - 1;
                var buckets = (uint)candidates.GetElement(j) & _active;
                var rest = text[(offset + j)..];
                while (buckets != 0)
                {
                    var bucket = BitOperations.TrailingZeroCount(buckets);
                    buckets &= buckets - 1;
                    var (first, end) = (_set._bucketStart[bucket], _set._bucketStart[bucket + 1]);
                    for (var chunk = first; chunk < end; chunk += 64)
                    {
                        var hits = _set.Hits(rest, chunk, Math.Min(end, chunk + 64));
                        any |= hits;

                        // Lanes [chunk, chunk + 64) may straddle two words; the bitmap has a word to spare.
                        var (word, shift) = (chunk >> 6, chunk & 63);
                        _lanes[word] |= hits << shift;
                        _lanes[word + 1] |= shift == 0 ? 0 : hits >> (64 - shift);
                    }
                }
            }

            if (any == 0)
            {
                return false;
            }

            var active = _active;
            for (var rest = active; rest != 0; rest &= rest - 1)
            {
                var bucket = BitOperations.TrailingZeroCount(rest);
                if (AllSet(_lanes, _set._bucketStart[bucket], _set._bucketSizes[bucket]))
                {
                    active &= ~(1u << bucket);
                }
            }

            if (active == _active)
            {
                return false;
            }

            _active = active;
            ActiveBuckets = Vector256.Create((byte)active);
            return active == 0;
        }

        public readonly bool OnMatch(int position, int lane)
        {
            _lanes[lane >> 6] |= 1UL << lane;
            return false;
        }

        // The fixed layout: every lane at every candidate position. perf: buckets are not retired as their literals are
        // found (checking which are complete after every block cost more than the candidates it saved, measured).
        private readonly bool OnCandidatesFixed(ReadOnlySpan<byte> text, int offset, uint positions)
        {
            var found = 0u;
            for (; positions != 0; positions &= positions - 1)
            {
                found |= _set.FixedHits(text, offset + BitOperations.TrailingZeroCount(positions));
            }

            _lanes[0] |= found;
            return false;
        }

        // Whether bits [from, from + count) are all set.
        private static bool AllSet(Span<ulong> bits, int from, int count)
        {
            for (var end = from + count; from < end;)
            {
                var (word, shift) = (from >> 6, from & 63);
                var take = Math.Min(64 - shift, end - from);
                var mask = (take == 64 ? ulong.MaxValue : (1UL << take) - 1) << shift;
                if ((bits[word] & mask) != mask)
                {
                    return false;
                }

                from += take;
            }

            return true;
        }
    }

    /// <summary>
    /// Bit k is set when the literal of lane <c>from + k</c> starts <paramref name="rest"/>; lanes [from, to), whole
    /// vectors, at most 64.
    /// </summary>
    /// <remarks>
    /// perf: the first 8 bytes of four literals are compared by one vector compare, without a branch, so a candidate
    /// costs one unpredictable branch rather than one per literal of its bucket (measured with 31 log terms:
    /// mispredictions and per-literal compares were most of the marking time); only literals longer than 8 bytes
    /// whose first 8 match are compared further.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Hits(ReadOnlySpan<byte> rest, int from, int to)
    {
        var hits = 0UL;
        if (rest.Length < 8)
        {
            for (var k = from; k < to; k++)
            {
                var index = _laneLiteral[k];
                hits |= (index >= 0 && rest.StartsWith(_literals[index].Utf8) ? 1UL : 0UL) << (k - from);
            }

            return hits;
        }

        var word = Vector256.Create(BinaryPrimitives.ReadUInt64LittleEndian(rest));
        var longer = 0UL;
        ref var prefix = ref MemoryMarshal.GetArrayDataReference(_lanePrefix);
        ref var mask = ref MemoryMarshal.GetArrayDataReference(_laneMask);
        for (var k = from; k < to; k += 4)
        {
            var equal = Vector256.Equals(word & Vector256.LoadUnsafe(ref mask, (nuint)k), Vector256.LoadUnsafe(ref prefix, (nuint)k));
            hits |= (ulong)equal.ExtractMostSignificantBits() << (k - from);
            longer |= (ulong)_longLanes[k >> 2] << (k - from);
        }

        // Literals longer than the word: check the rest of them.
        for (var check = hits & longer; check != 0; check &= check - 1)
        {
            var k = BitOperations.TrailingZeroCount(check);
            if (!rest.StartsWith(_literals[_laneLiteral[from + k]].Utf8))
            {
                hits &= ~(1UL << k);
            }
        }

        return hits;
    }

    /// <summary>The fixed layout: the lanes whose literal starts at <paramref name="position"/>.</summary>
    /// <remarks>
    /// perf: the first 4 bytes at the position are compared with all 32 lanes in four vector compares, whatever buckets
    /// the nibble tables flagged (the compare is exact, so it needs neither them nor a branch per bucket or lane); only
    /// literals longer than 4 bytes that pass are compared in full. Measured with the 30 terms of the set benchmark on
    /// loghub: marking 80 → 60 ns an event, most of the rest of a candidate's cost having been mispredicted branches.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint FixedHits(ReadOnlySpan<byte> text, int position)
    {
        var rest = text[position..];
        uint hits;
        if (rest.Length >= 4)
        {
            var word = Vector256.Create(BinaryPrimitives.ReadUInt32LittleEndian(rest));
            ref var prefix = ref MemoryMarshal.GetArrayDataReference(_lanePrefix4!);
            ref var mask = ref MemoryMarshal.GetArrayDataReference(_laneMask4!);
            hits = Vector256.Equals(word & Vector256.LoadUnsafe(ref mask), Vector256.LoadUnsafe(ref prefix)).ExtractMostSignificantBits() |
                   (Vector256.Equals(word & Vector256.LoadUnsafe(ref mask, 8), Vector256.LoadUnsafe(ref prefix, 8)).ExtractMostSignificantBits() << 8) |
                   (Vector256.Equals(word & Vector256.LoadUnsafe(ref mask, 16), Vector256.LoadUnsafe(ref prefix, 16)).ExtractMostSignificantBits() << 16) |
                   (Vector256.Equals(word & Vector256.LoadUnsafe(ref mask, 24), Vector256.LoadUnsafe(ref prefix, 24)).ExtractMostSignificantBits() << 24);
        }
        else
        {
            // The last bytes of the text: only literals this short can start here.
            hits = 0;
            for (var lane = 0; lane < FixedLanes; lane++)
            {
                var index = _laneLiteral[lane];
                hits |= index >= 0 && rest.StartsWith(_literals[index].Utf8) ? 1u << lane : 0;
            }

            return hits;
        }

        for (var check = hits & _longLanes4; check != 0; check &= check - 1)
        {
            var lane = BitOperations.TrailingZeroCount(check);
            if (!rest.StartsWith(_literals[_laneLiteral[lane]].Utf8))
            {
                hits &= ~(1u << lane);
            }
        }

        return hits;
    }

    // The fixed layout's Verify.
    private int VerifyFixed(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
    {
        var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
        for (; positions != 0; positions &= positions - 1)
        {
            var j = BitOperations.TrailingZeroCount(positions);
            if (FixedHits(text, offset + j) != 0)
            {
                return offset + j;
            }
        }

        return -1;
    }

    // valid: bit j is set when position offset + j lies inside the text and was not examined before.
    private int Verify(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
    {
        var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
        while (positions != 0)
        {
            var j = BitOperations.TrailingZeroCount(positions);
            positions &= positions - 1;
            var buckets = (uint)candidates.GetElement(j);
            var position = offset + j;
            while (buckets != 0)
            {
                var bucket = BitOperations.TrailingZeroCount(buckets);
                buckets &= buckets - 1;
                var rest = text[position..];
                for (var chunk = _bucketStart[bucket]; chunk < _bucketStart[bucket + 1]; chunk += 64)
                {
                    if (Hits(rest, chunk, Math.Min(_bucketStart[bucket + 1], chunk + 64)) != 0)
                    {
                        return position;
                    }
                }
            }
        }

        return -1;
    }

    private int IndexOfAnyFallback(ReadOnlySpan<byte> text)
    {
        var best = -1;
        foreach (var literal in _literals)
        {
            var scope = best < 0 ? text : text[..Math.Min(text.Length, best + literal.Utf8.Length - 1)];
            var at = scope.IndexOf(literal.Utf8);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
            }
        }

        return best;
    }
}
