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
internal sealed class LiteralSet
{
    private const int Buckets = 8;

    private readonly Literal[] _literals;
    private readonly SearchValues<string>? _utf16;

    // Verification lanes of all buckets, bucket b at [_bucketStart[b], _bucketStart[b + 1]), each bucket padded to
    // whole vectors of 4: the literal's index (-1 for padding), its first (up to) 8 bytes as a little-endian word and
    // the mask of those bytes (padding: mask 0, prefix 1, never equal); per vector, which lanes are longer than 8 bytes.
    private readonly int[] _laneLiteral;
    private readonly ulong[] _lanePrefix;
    private readonly ulong[] _laneMask;
    private readonly byte[] _longLanes;
    private readonly int[] _bucketStart;
    private readonly int[] _bucketSizes;
    private readonly uint _nonEmptyBuckets;
    private readonly int _fingerprint;
    // Nibble tables of the first three bytes (unused ones stay zero).
    private readonly Vector256<byte> _low0;
    private readonly Vector256<byte> _high0;
    private readonly Vector256<byte> _low1;
    private readonly Vector256<byte> _high1;
    private readonly Vector256<byte> _low2;
    private readonly Vector256<byte> _high2;

    public LiteralSet(IReadOnlyList<Literal> literals)
    {
        _literals = [.. literals];
        if (_literals.Length == 1)
        {
            // perf: one literal is searched with IndexOf; the tables below cost ~5 µs to build, a tenth of compiling a
            // large JSON pattern (which builds a set per pre-check clause).
            (_utf16, _laneLiteral, _lanePrefix, _laneMask, _longLanes, _bucketStart, _bucketSizes) = (null, [], [], [], [], [], []);
            return;
        }

        _utf16 = SearchValues.Create([.. _literals.Select(static l => l.Utf16)], StringComparison.Ordinal);
        _fingerprint = Math.Min(3, _literals.Min(static l => l.Utf8.Length));

        // Buckets group literals by their first byte (then the next ones), so a bucket's nibble tables hold few values
        // per position and their cross products admit few false candidates (measured on 30 log terms: round-robin
        // buckets 236 ns an event, grouped ones much less).
        var members = Enumerable.Range(0, Buckets).Select(_ => new List<int>()).ToArray();
        var low = new byte[_fingerprint, 16];
        var high = new byte[_fingerprint, 16];
        var order = Enumerable.Range(0, _literals.Length)
            .OrderBy(i => _literals[i].Utf8.AsSpan(0, _fingerprint).ToArray(), Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b)))
            .ToArray();
        var distinctFirst = order.Select(i => _literals[i].Utf8[0]).Distinct().Count();
        var bucketOfFirst = new Dictionary<byte, int>();
        for (var n = 0; n < order.Length; n++)
        {
            var i = order[n];
            int bucket;
            if (distinctFirst <= Buckets)
            {
                // At most 8 first bytes: one first byte per bucket.
                var first = _literals[i].Utf8[0];
                if (!bucketOfFirst.TryGetValue(first, out bucket))
                {
                    bucket = bucketOfFirst[first] = bucketOfFirst.Count;
                }
            }
            else
            {
                // More: contiguous runs of the sorted literals, so neighbours (shared leading bytes) share a bucket.
                bucket = n * Buckets / order.Length;
            }

            members[bucket].Add(i);
            for (var k = 0; k < _fingerprint; k++)
            {
                var b = _literals[i].Utf8[k];
                low[k, b & 0xF] |= (byte)(1 << bucket);
                high[k, b >> 4] |= (byte)(1 << bucket);
            }
        }

        int[][] bucketMembers = [.. members.Select(static m => m.ToArray())];
        _bucketStart = new int[Buckets + 1];
        _bucketSizes = new int[Buckets];
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            _bucketSizes[bucket] = bucketMembers[bucket].Length;
            _bucketStart[bucket + 1] = _bucketStart[bucket] + ((_bucketSizes[bucket] + 3) & ~3);
            _nonEmptyBuckets |= _bucketSizes[bucket] > 0 ? 1u << bucket : 0;
        }

        var lanes = _bucketStart[Buckets];
        _laneLiteral = new int[lanes];
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
                _lanePrefix[lane] = BinaryPrimitives.ReadUInt64LittleEndian(word);
                _laneMask[lane] = utf8.Length >= 8 ? ulong.MaxValue : (1UL << (8 * utf8.Length)) - 1;
                _longLanes[lane / 4] |= (byte)(utf8.Length > 8 ? 1 << (lane % 4) : 0);
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
                default:
                    (_low2, _high2) = (lowMask, highMask);
                    break;
            }
        }
    }

    public int Count => _literals.Length;

    public Literal this[int index] => _literals[index];

    /// <summary>Test hook: whether the UTF-8 path may use AVX2 (tests turn it off to exercise the fallback).</summary>
    internal static bool UseAvx2 { get; set; } = Avx2.IsSupported;

    /// <summary>The offset of the first occurrence of any literal, or -1.</summary>
    /// <remarks>perf: a set of one literal is the runtime's vectorized <c>IndexOf</c>, faster than either multi-literal search.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfAny<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IEquatable<T> =>
        _literals.Length == 1 ? _literals[0].IndexIn(text) :
        typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(text).IndexOfAny(_utf16!)
            : IndexOfAnyUtf8(MemoryMarshal.Cast<T, byte>(text));

    /// <summary>
    /// Sets <c>present[i]</c> to whether literal i occurs in <paramref name="text"/>, in one pass that stops early
    /// once all are found. Returns how many were found.
    /// </summary>
    public int MarkPresent<T>(ReadOnlySpan<T> text, Span<bool> present)
        where T : unmanaged, IEquatable<T>
    {
        present = present[.._literals.Length];
        if (_literals.Length == 1)
        {
            present[0] = _literals[0].IndexIn(text) >= 0;
            return present[0] ? 1 : 0;
        }

        present.Clear();
        if (typeof(T) == typeof(byte) && UseAvx2 && text.Length >= 32 + _fingerprint - 1)
        {
            var marker = new Marker(this, present, stackalloc int[Buckets]);
            Scan(MemoryMarshal.Cast<T, byte>(text), ref marker);
            return marker.Found;
        }

        // UTF-16, or short texts: find any literal, mark every literal starting there, continue after it.
        var found = 0;
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
                if (!present[i] && rest.StartsWith(_literals[i].Get<T>()))
                {
                    present[i] = true;
                    if (++found == _literals.Length)
                    {
                        return found;
                    }
                }
            }

            position = at + 1;
        }

        return found;
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

        if (text.Length < 32 + _fingerprint - 1)
        {
            return ScanShort(text);
        }

        var finder = new Finder(this);
        Scan(text, ref finder);
        return finder.Position;
    }

    /// <summary>Runs the vector loop over a text of at least 32 + fingerprint - 1 bytes.</summary>
    private void Scan<THandler>(ReadOnlySpan<byte> text, ref THandler handler)
        where THandler : struct, ICandidateHandler, allows ref struct
    {
        switch (_fingerprint)
        {
            case 1:
                Scan<Fingerprint1, THandler>(text, ref handler);
                break;
            case 2:
                Scan<Fingerprint2, THandler>(text, ref handler);
                break;
            default:
                Scan<Fingerprint3, THandler>(text, ref handler);
                break;
        }
    }

    /// <summary>How many leading bytes of the literals the nibble tables cover (1 to 3), as a type the JIT specialises on.</summary>
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

    // perf: one specialised loop per fingerprint length and per handler (a struct: find the first, mark all). The
    // inner loop calls nothing, so the masks stay in registers; every vector register is caller-saved on x64 Unix, and
    // with the handler's call inside the loop the JIT reloaded all seven from the stack every block (measured). After a
    // call they are re-read from the instance instead. The last vector overlaps the previous one (positions already
    // examined are masked out) instead of copying the tail.
    private void Scan<TFingerprint, THandler>(ReadOnlySpan<byte> text, ref THandler handler)
        where TFingerprint : struct, IFingerprint
        where THandler : struct, ICandidateHandler, allows ref struct
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var last = text.Length - 31 - TFingerprint.Length;
        var i = 0;
        while (true)
        {
            var (lo0, hi0, lo1, hi1, lo2, hi2) = (_low0, _high0, _low1, _high1, _low2, _high2);
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

                if (candidates != Vector256<byte>.Zero)
                {
                    break;
                }

                if (i == last)
                {
                    return;
                }

                i += 32;
            }

            if (handler.OnCandidates(text, i, candidates, uint.MaxValue << skip) || i == last)
            {
                return;
            }

            i += 32;
        }
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
    }

    /// <summary>Finds the first occurrence of any literal.</summary>
    private struct Finder(LiteralSet set) : ICandidateHandler
    {
        public int Position { get; private set; } = -1;

        public readonly Vector256<byte> ActiveBuckets => Vector256<byte>.AllBitsSet;

        public bool OnCandidates(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
        {
            Position = set.Verify(text, offset, candidates, valid);
            return Position >= 0;
        }
    }

    /// <summary>
    /// Marks every literal that occurs (in a cleared <c>present</c>); a bucket stops being searched once all its
    /// literals are found.
    /// </summary>
    private ref struct Marker : ICandidateHandler
    {
        private readonly LiteralSet _set;
        private readonly Span<bool> _present;
        private readonly Span<int> _missingInBucket;
        private uint _active;

        public Marker(LiteralSet set, Span<bool> present, Span<int> missingInBucket)
        {
            _set = set;
            _present = present;
            _missingInBucket = missingInBucket;
            set._bucketSizes.CopyTo(_missingInBucket);
            _active = set._nonEmptyBuckets;
            ActiveBuckets = Vector256.Create((byte)_active);
        }

        public int Found { get; private set; }

        public Vector256<byte> ActiveBuckets { get; private set; }

        public bool OnCandidates(ReadOnlySpan<byte> text, int offset, Vector256<byte> candidates, uint valid)
        {
            var positions = ~Vector256.Equals(candidates, Vector256<byte>.Zero).ExtractMostSignificantBits() & valid;
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
                        while (hits != 0)
                        {
                            var index = _set._laneLiteral[chunk + BitOperations.TrailingZeroCount(hits)];
                            hits &= hits - 1;
                            if (_present[index])
                            {
                                continue;
                            }

                            _present[index] = true;
                            Found++;
                            if (--_missingInBucket[bucket] == 0)
                            {
                                _active &= ~(1u << bucket);
                                if (_active == 0)
                                {
                                    return true;
                                }

                                ActiveBuckets = Vector256.Create((byte)_active);
                            }
                        }
                    }
                }
            }

            return false;
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

    // Texts shorter than one vector plus the fingerprint: one vector over a zero-padded copy.
    private int ScanShort(ReadOnlySpan<byte> text)
    {
        Span<byte> padded = stackalloc byte[64];
        text.CopyTo(padded);
        padded[text.Length..].Clear();
        var nibble = Vector256.Create((byte)0x0F);
        ref var at = ref MemoryMarshal.GetReference(padded);
        var candidates = Vector256<byte>.AllBitsSet;
        for (var k = 0; k < _fingerprint; k++)
        {
            var input = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, k));
            var (lowMask, highMask) = k switch { 0 => (_low0, _high0), 1 => (_low1, _high1), _ => (_low2, _high2) };
            candidates &= Avx2.Shuffle(lowMask, input & nibble) & Avx2.Shuffle(highMask, Vector256.ShiftRightLogical(input.AsUInt16(), 4).AsByte() & nibble);
        }

        // Only positions inside the text count (the padding may look like a literal starting with NUL);
        // verification reads the real text.
        var valid = text.Length >= 32 ? uint.MaxValue : (1u << text.Length) - 1;
        return candidates == Vector256<byte>.Zero ? -1 : Verify(text, 0, candidates, valid);
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
