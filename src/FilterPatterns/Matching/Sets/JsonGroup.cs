using System.Diagnostics;
using System.Numerics;
using System.Runtime.Intrinsics;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Sets;

/// <summary>
/// The JSON patterns of a set, decided together: the most selective literal clause of every pattern is searched in
/// one <see cref="LiteralSet"/> pass; if any pattern may still match, one pass of the tokenizer over a trie merging
/// every pattern's selectors computes all leaves, and each pattern's and/or tree is evaluated over its own.
/// </summary>
/// <remarks>
/// A pattern whose clause is absent may still match when one of the <see cref="HidingEscapes"/> could spell one of
/// its literals, as for <see cref="JsonPrefilter"/>.
/// </remarks>
internal sealed class JsonGroup
{
    private const int MaxClauseLiterals = 16;

    private const ulong Always = 1UL << 63;

    private readonly JsonPathTrie _trie;
    private readonly LiteralSet? _clauseLiterals;
    private readonly int _maxJsonDepth;

    // Per member: its position in the set and its condition over the merged leaves; and whether no member has a clause
    // (then every event goes straight to the full pass).
    private readonly int[] _slots;
    private readonly BitRuns.Run[] _slotRuns;
    private readonly Condition[] _conditions;
    private readonly bool _unconditional;

    // Per member: the lanes of its clause's literals in _clauseLiterals (at most MaxClauseLiterals literals take at most
    // 40 lanes, so one word), or the Always bit for a member without a clause (it always goes on to the full pass).
    private readonly ulong[] _clauseLanes;
    private readonly LiteralSet _escapes;

    // The union of _clauseLanes: no member may match when it misses the literals present.
    private readonly ulong _anyLanes;

    // Inverted index of each member's chosen Condition.RequiredLeafSets set (leaves of which one must hold for it to
    // match): the members that require leaf l are _leafMembers[_leafMembersStart[l].._leafMembersStart[l + 1]], flat;
    // members without required leaves sit under an extra leaf (index LeafCount) that always holds.
    private readonly int[] _leafMembers;
    private readonly int[] _leafMembersStart;

    private JsonGroup(JsonPathTrie trie, Member[] members, LiteralSet? clauseLiterals, int maxJsonDepth)
    {
        _trie = trie;
        _clauseLiterals = clauseLiterals;
        _maxJsonDepth = maxJsonDepth;
        _slots = [.. members.Select(static m => m.Slot)];
        _slotRuns = BitRuns.Of(_slots);
        _conditions = [.. members.Select(static m => m.Condition)];
        _unconditional = members.All(static m => m.Clause is null);
        Debug.Assert(clauseLiterals is null || clauseLiterals.LaneCount < 63, "Lanes of the clause literals must fit below the Always bit.");
        _clauseLanes = [.. members.Select(m => m.Clause is { } clause
            ? clause.Aggregate(0UL, (mask, id) => mask | (1UL << clauseLiterals!.LaneOf(id)))
            : Always)];
        // Of a member's required leaf sets, the one whose leaves the fewest members require (a leaf most members
        // share, like $.userIdentity.type = "IAMUser", would send them all to evaluation on most events).
        var sets = _conditions.Select(static c => c.RequiredLeafSets()).ToArray();
        var popularity = new int[trie.LeafCount];
        foreach (var leaf in sets.SelectMany(static s => s.SelectMany(static l => l)).Distinct())
        {
            popularity[leaf] = sets.Count(s => s.Any(l => l.Contains(leaf)));
        }

        var required = sets.Select(s => s.Count == 0 ? [trie.LeafCount] : s.MinBy(l => l.Sum(leaf => popularity[leaf]))!).ToArray();
        var byLeaf = Enumerable.Range(0, trie.LeafCount + 1).Select(_ => new List<int>()).ToArray();
        for (var m = 0; m < required.Length; m++)
        {
            foreach (var leaf in required[m])
            {
                byLeaf[leaf].Add(m);
            }
        }

        _leafMembers = [.. byLeaf.SelectMany(static l => l)];
        _leafMembersStart = new int[byLeaf.Length + 1];
        for (var l = 0; l < byLeaf.Length; l++)
        {
            _leafMembersStart[l + 1] = _leafMembersStart[l] + byLeaf[l].Count;
        }

        _anyLanes = _clauseLanes.Aggregate(0UL, static (union, lanes) => union | lanes);
        _escapes = HidingEscapes.Search(clauseLiterals is not null && HidingEscapes.IncludeSlash(Enumerable.Range(0, clauseLiterals.Count).Select(i => clauseLiterals[i])));
    }

    /// <param name="trie">The selectors of every pattern's leaves.</param>
    /// <param name="members">Per pattern: its position in the set, its condition over the merged leaves, and the
    /// literals of its most selective clause (null when it has none).</param>
    /// <param name="maxJsonDepth">Deepest nesting an event may have.</param>
    public static JsonGroup Create(JsonPathTrie trie, IReadOnlyList<(int Slot, Condition Condition, Literal[]? Clause)> members, int maxJsonDepth)
    {
        // perf: searching many literals costs more than the full pass it could save (measured on CloudTrail with 66
        // literals: 1.37 us to mark them, 1.18 us for the full pass), and with many patterns most events pass one
        // anyway. Past MaxClauseLiterals, every event goes straight to the full pass.
        if (members.Where(static m => m.Clause is not null).SelectMany(static m => m.Clause!).Select(static l => l.Utf16).Distinct(StringComparer.Ordinal).Count() > MaxClauseLiterals)
        {
            members = [.. members.Select(static m => (m.Slot, m.Condition, (Literal[]?)null))];
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var literals = new List<Literal>();
        var built = members.Select(m => new Member(m.Slot, m.Condition, m.Clause?.Select(l =>
        {
            if (!ids.TryGetValue(l.Utf16, out var id))
            {
                id = ids[l.Utf16] = literals.Count;
                literals.Add(l);
            }

            return id;
        }).ToArray())).ToArray();
        return new JsonGroup(trie, built, literals.Count > 0 ? new LiteralSet(literals) : null, maxJsonDepth);
    }

    /// <summary>Writes each member's answer into its slot of <paramref name="results"/>; returns how many matched.</summary>
    public int Evaluate<T>(ReadOnlySpan<T> text, Span<bool> results)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (_unconditional)
        {
            return EvaluateAll(text, results, ulong.MaxValue);
        }

        // perf: a bitmap of the literals present; one test tells whether any member may match, then one mask test per
        // member (was a loop over each member's literals, then a second loop over the members).
        Span<ulong> lanes = stackalloc ulong[_clauseLiterals!.LaneWords];
        _clauseLiterals.MarkLanes(text, lanes);
        var present = lanes[0] | Always;
        if ((present & _anyLanes) == 0)
        {
            if (!_escapes.ContainsAny(text))
            {
                ClearResults(results);
                return 0;
            }

            present = ulong.MaxValue;
        }

        return EvaluateAll(text, results, present);
    }

    // One full pass for every member; a member none of whose clause's literals is present (its lanes miss present)
    // takes part only if the event has an escape that could hide one.
    private int EvaluateAll<T>(ReadOnlySpan<T> text, Span<bool> results, ulong present)
        where T : unmanaged, IBinaryInteger<T>
    {
        using var stateBuffer = new PooledBuffer<byte>(stackalloc byte[256], _trie.LeafCount);
        var state = stateBuffer.Span;
        state.Clear();
        var valid = JsonMatcher.Scan(text, _trie, state, [], _maxJsonDepth);

        // One conversion of the leaf states for every pattern (each pattern's tree reads only its own leaves).
        using var leavesBuffer = new PooledBuffer<bool>(stackalloc bool[256], state.Length + 1);
        var leaves = leavesBuffer.Span;
        JsonMatcher.ToLeaves(state, leaves);
        leaves[state.Length] = true;

        ClearResults(results);
        if (!valid)
        {
            return 0;
        }

        // perf: only members one of whose required leaves holds are looked at (a large set's members mostly fail on
        // one leaf, their event name say), through the inverted index; the leaves that hold are found 32 states a
        // compare (most of a large set's leaves are false on an event). The extra leaf at state.Length always holds.
        var escapes = -1;
        var matched = 0;
        for (var chunk = 0; chunk <= state.Length; chunk += 32)
        {
            for (var held = HeldLeaves(state, chunk); held != 0; held &= held - 1)
            {
                matched += EvaluateUnder(chunk + BitOperations.TrailingZeroCount(held), text, results, leaves, present, ref escapes);
            }
        }

        return matched;
    }

    private void ClearResults(Span<bool> results)
    {
        foreach (var run in _slotRuns)
        {
            results.Slice(run.Slot, run.Length).Clear();
        }
    }

    // Bit k: leaf chunk + k holds (its state is nonzero), or is the extra leaf at state.Length.
    private static uint HeldLeaves(ReadOnlySpan<byte> state, int chunk)
    {
        var count = state.Length - chunk;
        if (count >= 32 && Vector256.IsHardwareAccelerated)
        {
            return ~Vector256.Equals(Vector256.Create(state.Slice(chunk, 32)), Vector256<byte>.Zero).ExtractMostSignificantBits();
        }

        var held = count < 32 ? 1u << count : 0;
        for (var k = 0; k < Math.Min(count, 32); k++)
        {
            held |= state[chunk + k] != 0 ? 1u << k : 0;
        }

        return held;
    }

    // Evaluates the members that require leaf; returns how many newly matched. A member under several leaves that
    // hold is evaluated once if it matched (a true result is final), again if not (harmlessly). escapes caches whether
    // the event has an escape that could hide a literal: -1 not yet known.
    private int EvaluateUnder<T>(int leaf, ReadOnlySpan<T> text, Span<bool> results, ReadOnlySpan<bool> leaves, ulong present, ref int escapes)
        where T : unmanaged, IBinaryInteger<T>
    {
        var matched = 0;
        foreach (var m in _leafMembers.AsSpan(_leafMembersStart[leaf], _leafMembersStart[leaf + 1] - _leafMembersStart[leaf]))
        {
            ref var result = ref results[_slots[m]];
            if (result)
            {
                continue;
            }

            var may = (_clauseLanes[m] & present) != 0;
            if (!may)
            {
                if (escapes < 0)
                {
                    escapes = _escapes.ContainsAny(text) ? 1 : 0;
                }

                may = escapes == 1;
            }

            result = may && _conditions[m].Evaluate(leaves);
            matched += result ? 1 : 0;
        }

        return matched;
    }

    private sealed record Member(int Slot, Condition Condition, int[]? Clause);
}
