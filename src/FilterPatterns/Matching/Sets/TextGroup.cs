using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Sets;

/// <summary>
/// The text patterns of a set, decided together: one <see cref="LiteralSet"/> pass marks which of all their distinct
/// terms occur in the event; then, for each term present, one byte lane per pattern accumulates how many of the
/// pattern's required terms were seen, whether one of its excluded terms was, and whether one of its optional terms
/// was. A pattern matches when its count equals its number of required terms, no excluded term was seen, and it has no
/// optional terms or saw one.
/// </summary>
/// <remarks>
/// perf: the work per event follows the terms present (usually a handful), 32 patterns per vector operation, instead of
/// every pattern's masks. Measured with 100 patterns over 31 terms on generated logs: a small program per pattern
/// 365 ns an event, masks over a bit set about 125 ns, byte lanes about 40 (the whole set went from 307 to 170 ns).
/// </remarks>
internal sealed class TextGroup
{
    /// <summary>A pattern with more required terms than a byte counts cannot join a group.</summary>
    public const int MaxRequiredTerms = byte.MaxValue;

    /// <summary>
    /// Patterns per group, and bytes of lanes per group: the lanes take (distinct terms × patterns × 3) bytes, so a
    /// large set is split into groups (each with its own literal pass) rather than growing quadratically.
    /// </summary>
    public const int MaxPatterns = 512;

    private const long MaxLaneBytes = 4 << 20;

    /// <summary>Splits the text patterns of a set into groups within <see cref="MaxPatterns"/> and the lane budget.</summary>
    public static List<TextGroup> CreateGroups(IReadOnlyList<(int Slot, string[] Required, string[] Excluded, string[] Optional)> patterns)
    {
        var groups = new List<TextGroup>();
        var chunk = new List<(int, string[], string[], string[])>();
        var terms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pattern in patterns)
        {
            var added = pattern.Required.Concat(pattern.Excluded).Concat(pattern.Optional).Count(t => !terms.Contains(t));
            var lanes = (long)(terms.Count + added) * ((chunk.Count + 1 + 31) & ~31) * 3;
            if (chunk.Count > 0 && (chunk.Count == MaxPatterns || lanes > MaxLaneBytes))
            {
                groups.Add(Create(chunk)!);
                chunk = [];
                terms.Clear();
            }

            chunk.Add(pattern);
            terms.UnionWith(pattern.Required.Concat(pattern.Excluded).Concat(pattern.Optional));
        }

        if (chunk.Count > 0)
        {
            groups.Add(Create(chunk)!);
        }

        return groups;
    }

    private readonly LiteralSet _literals;

    // Patterns padded to whole vectors: "pad" lanes per term.
    private readonly int _pad;

    // Per term t, lanes [t * pad, (t + 1) * pad): 1 where the pattern requires t; 0xFF where it excludes t;
    // 0xFF where t is one of its optional terms.
    private readonly byte[] _required;
    private readonly byte[] _excluded;
    private readonly byte[] _optional;

    // Per pattern: its number of required terms (padding lanes never reach theirs); 0xFF when it has no optional terms.
    private readonly byte[] _need;
    private readonly byte[] _noOptional;
    private readonly BitRuns.Run[] _runs;

    // Per verification lane of the literal set: the offset of its term's lanes above (t * pad); unused lanes never occur.
    private readonly int[] _laneTerm;

    private TextGroup(LiteralSet literals, int pad, byte[] required, byte[] excluded, byte[] optional, byte[] need, byte[] noOptional, BitRuns.Run[] runs)
    {
        _literals = literals;
        _laneTerm = new int[literals.LaneCount];
        for (var term = 0; term < literals.Count; term++)
        {
            _laneTerm[literals.LaneOf(term)] = term * pad;
        }

        _pad = pad;
        _required = required;
        _excluded = excluded;
        _optional = optional;
        _need = need;
        _noOptional = noOptional;
        _runs = runs;
    }

    /// <param name="patterns">
    /// (position in the set, required, excluded, optional terms) of each text pattern; terms distinct within each
    /// kind, at most <see cref="MaxRequiredTerms"/> required.
    /// </param>
    public static TextGroup? Create(IReadOnlyList<(int Slot, string[] Required, string[] Excluded, string[] Optional)> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, required, excluded, optional) in patterns)
        {
            foreach (var term in required.Concat(excluded).Concat(optional))
            {
                ids.TryAdd(term, ids.Count);
            }
        }

        var pad = (patterns.Count + 31) & ~31;
        var requiredLanes = new byte[ids.Count * pad];
        var excludedLanes = new byte[ids.Count * pad];
        var optionalLanes = new byte[ids.Count * pad];
        var need = new byte[pad];
        var noOptional = new byte[pad];
        need.AsSpan(patterns.Count).Fill(1);
        for (var p = 0; p < patterns.Count; p++)
        {
            var (_, required, excluded, optional) = patterns[p];
            need[p] = checked((byte)required.Length);
            noOptional[p] = optional.Length == 0 ? byte.MaxValue : (byte)0;
            foreach (var term in required)
            {
                requiredLanes[(ids[term] * pad) + p] = 1;
            }

            foreach (var term in excluded)
            {
                excludedLanes[(ids[term] * pad) + p] = byte.MaxValue;
            }

            foreach (var term in optional)
            {
                optionalLanes[(ids[term] * pad) + p] = byte.MaxValue;
            }
        }

        var literals = new LiteralSet([.. ids.OrderBy(static kv => kv.Value).Select(static kv => new Literal(kv.Key))]);
        return new TextGroup(literals, pad, requiredLanes, excludedLanes, optionalLanes, need, noOptional,
            BitRuns.Of([.. patterns.Select(static p => p.Slot)]));
    }

    public void Evaluate<T>(ReadOnlySpan<T> text, Span<bool> results)
        where T : unmanaged, IEquatable<T>
    {
        // The terms present, as the literal set's lane bitmap, then as offsets of their pattern lanes.
        using var lanesBuffer = new PooledBuffer<ulong>(stackalloc ulong[8], _literals.LaneWords);
        var lanes = lanesBuffer.Span;
        _literals.MarkLanes(text, lanes);
        using var termsBuffer = new PooledBuffer<int>(stackalloc int[64], _literals.Count);
        var terms = termsBuffer.Span;
        var found = 0;
        for (var word = 0; word < lanes.Length; word++)
        {
            for (var bits = lanes[word]; bits != 0; bits &= bits - 1)
            {
                terms[found++] = _laneTerm[(word << 6) + BitOperations.TrailingZeroCount(bits)];
            }
        }

        terms = terms[..found];
        using var matchedBuffer = new PooledBuffer<ulong>(stackalloc ulong[4], (_pad + 63) / 64);
        var matched = matchedBuffer.Span;
        matched.Clear();
        ref var requiredLanes = ref MemoryMarshal.GetArrayDataReference(_required);
        ref var excludedLanes = ref MemoryMarshal.GetArrayDataReference(_excluded);
        ref var optionalLanes = ref MemoryMarshal.GetArrayDataReference(_optional);
        ref var need = ref MemoryMarshal.GetArrayDataReference(_need);
        ref var noOptional = ref MemoryMarshal.GetArrayDataReference(_noOptional);
        for (var v = 0; v < _pad; v += 32)
        {
            // perf: 32 patterns at a time with the three accumulators in registers, terms inner.
            var count = Vector256<byte>.Zero;
            var excluded = Vector256<byte>.Zero;
            var optional = Vector256<byte>.Zero;
            foreach (var term in terms)
            {
                var at = (nuint)(term + v);
                count += Vector256.LoadUnsafe(ref requiredLanes, at);
                excluded |= Vector256.LoadUnsafe(ref excludedLanes, at);
                optional |= Vector256.LoadUnsafe(ref optionalLanes, at);
            }

            var ok = Vector256.Equals(count, Vector256.LoadUnsafe(ref need, (nuint)v)) & ~excluded &
                     (Vector256.LoadUnsafe(ref noOptional, (nuint)v) | optional);

            // v is a multiple of 32: the 32 bits never straddle two words.
            matched[v >> 6] |= (ulong)ok.ExtractMostSignificantBits() << (v & 63);
        }

        BitRuns.Write(matched, _runs, results);
    }
}
