using System.Buffers;
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
    private readonly SearchValues<string> _utf16;
    private readonly int[][] _bucketMembers;
    private readonly int _fingerprint;
    private readonly Vector256<byte>[] _lowMasks;
    private readonly Vector256<byte>[] _highMasks;

    public LiteralSet(IReadOnlyList<Literal> literals)
    {
        _literals = [.. literals];
        _utf16 = SearchValues.Create([.. _literals.Select(static l => l.Utf16)], StringComparison.Ordinal);
        _fingerprint = Math.Min(3, _literals.Min(static l => l.Utf8.Length));

        // Literals with the same fingerprint share a bucket; distinct fingerprints go round-robin over the buckets.
        var bucketOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = Enumerable.Range(0, Buckets).Select(_ => new List<int>()).ToArray();
        _lowMasks = new Vector256<byte>[_fingerprint];
        _highMasks = new Vector256<byte>[_fingerprint];
        var low = new byte[_fingerprint, 16];
        var high = new byte[_fingerprint, 16];
        for (var i = 0; i < _literals.Length; i++)
        {
            var prefix = Convert.ToHexString(_literals[i].Utf8, 0, _fingerprint);
            if (!bucketOf.TryGetValue(prefix, out var bucket))
            {
                bucket = bucketOf[prefix] = bucketOf.Count % Buckets;
            }

            members[bucket].Add(i);
            for (var k = 0; k < _fingerprint; k++)
            {
                var b = _literals[i].Utf8[k];
                low[k, b & 0xF] |= (byte)(1 << bucket);
                high[k, b >> 4] |= (byte)(1 << bucket);
            }
        }

        _bucketMembers = [.. members.Select(static m => m.ToArray())];
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

            _lowMasks[k] = Vector256.Create(lo);
            _highMasks[k] = Vector256.Create(hi);
        }
    }

    public int Count => _literals.Length;

    public Literal this[int index] => _literals[index];

    /// <summary>Test hook: whether the UTF-8 path may use AVX2 (tests turn it off to exercise the fallback).</summary>
    internal static bool UseAvx2 { get; set; } = Avx2.IsSupported;

    /// <summary>The offset of the first occurrence of any literal, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfAny<T>(ReadOnlySpan<T> text)
        where T : unmanaged =>
        typeof(T) == typeof(char)
            ? MemoryMarshal.Cast<T, char>(text).IndexOfAny(_utf16)
            : IndexOfAnyUtf8(MemoryMarshal.Cast<T, byte>(text));

    /// <summary>Whether the literal <paramref name="index"/> occurs at <paramref name="position"/>.</summary>
    public bool StartsAt<T>(ReadOnlySpan<T> text, int position, int index)
        where T : unmanaged, IEquatable<T> => text[position..].StartsWith(_literals[index].Get<T>());

    private int IndexOfAnyUtf8(ReadOnlySpan<byte> text)
    {
        if (!UseAvx2 || text.Length < 32 + _fingerprint)
        {
            return UseAvx2 ? ScanTail(text, 0) : IndexOfAnyFallback(text);
        }

        ref var start = ref MemoryMarshal.GetReference(text);
        var last = text.Length - 32 - (_fingerprint - 1);
        var nibble = Vector256.Create((byte)0x0F);
        var i = 0;
        for (; i <= last; i += 32)
        {
            var candidates = Candidates(ref Unsafe.Add(ref start, i), nibble);
            if (candidates != Vector256<byte>.Zero)
            {
                var found = Verify(text, i, candidates, uint.MaxValue);
                if (found >= 0)
                {
                    return found;
                }
            }
        }

        return ScanTail(text, i);
    }

    /// <summary>For the 32 positions at <paramref name="at"/>: the buckets whose literals' fingerprints match there.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector256<byte> Candidates(ref byte at, Vector256<byte> nibble)
    {
        var result = Vector256<byte>.AllBitsSet;
        for (var k = 0; k < _fingerprint; k++)
        {
            var input = Vector256.LoadUnsafe(ref Unsafe.Add(ref at, k));
            var lo = Avx2.Shuffle(_lowMasks[k], input & nibble);
            var hi = Avx2.Shuffle(_highMasks[k], Vector256.ShiftRightLogical(input.AsUInt16(), 4).AsByte() & nibble);
            result &= lo & hi;
        }

        return result;
    }

    // valid: bit j is set when position offset + j lies inside the text.
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
                foreach (var index in _bucketMembers[bucket])
                {
                    if (text[position..].StartsWith(_literals[index].Utf8))
                    {
                        return position;
                    }
                }
            }
        }

        return -1;
    }

    // The last positions (fewer than one vector plus the fingerprint): run one vector over a padded copy.
    private int ScanTail(ReadOnlySpan<byte> text, int from)
    {
        if (from >= text.Length)
        {
            return -1;
        }

        Span<byte> padded = stackalloc byte[64];
        padded.Clear();
        var rest = text[from..];
        rest[..Math.Min(rest.Length, padded.Length)].CopyTo(padded);
        var candidates = Candidates(ref MemoryMarshal.GetReference(padded), Vector256.Create((byte)0x0F));
        if (candidates == Vector256<byte>.Zero)
        {
            return -1;
        }

        // Only positions inside the text count (the zero padding may look like a literal starting with NUL);
        // verification reads the real text.
        var valid = rest.Length >= 32 ? uint.MaxValue : (1u << rest.Length) - 1;
        var found = Verify(text, from, candidates, valid);
        if (found >= 0 || rest.Length <= 32)
        {
            return found;
        }

        return ScanTail(text, from + 32);
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
