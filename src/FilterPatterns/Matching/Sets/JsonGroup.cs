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
/// its literals, as for <see cref="JsonPrefilter"/>. The clauses only decide whether an event gets the full pass at all:
/// a member's condition over the leaves is its exact answer, so which member's clause is present does not matter.
/// perf: so the search stops at the first clause literal or escape it finds, instead of marking every literal present
/// for a test per member (which was redundant: a member is looked at only when one of its required leaves holds, and
/// then its clause is present too). On the benchmark's set over the generated CloudTrail sample (nine distinct clause
/// literals, one of which every event holds) the set went from 18.2 to 15.9 ms; over the corpus its 71 literals are
/// past <see cref="MaxClauseLiterals"/>, so there is no search and no change (14.3 and 14.1 ms).
/// </remarks>
internal sealed class JsonGroup
{
    private const int MaxClauseLiterals = 16;

    private readonly JsonPathTrie _trie;
    // The clause literals of every member and the escapes that could hide one of them, or null when a member has no
    // clause or there are too many literals (then every event goes straight to the full pass).
    private readonly LiteralSet? _clauseLiteralsOrEscapes;
    private readonly int _maxJsonDepth;

    // Per member: its position in the set and its condition over the merged leaves.
    private readonly int[] _slots;
    private readonly BitRuns.Run[] _slotRuns;
    private readonly Condition[] _conditions;

    // Inverted index of each member's chosen Condition.RequiredLeafSets set (leaves of which one must hold for it to
    // match): the members that require leaf l are _leafMembers[_leafMembersStart[l].._leafMembersStart[l + 1]], flat;
    // members without required leaves sit under an extra leaf (index LeafCount) that always holds.
    private readonly int[] _leafMembers;
    private readonly int[] _leafMembersStart;

    private JsonGroup(JsonPathTrie trie, Member[] members, LiteralSet? clauseLiteralsOrEscapes, int maxJsonDepth)
    {
        _trie = trie;
        _clauseLiteralsOrEscapes = clauseLiteralsOrEscapes;
        _maxJsonDepth = maxJsonDepth;
        _slots = [.. members.Select(static m => m.Slot)];
        _slotRuns = BitRuns.Of(_slots);
        _conditions = [.. members.Select(static m => m.Condition)];
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
    }

    /// <param name="trie">The selectors of every pattern's leaves.</param>
    /// <param name="members">Per pattern: its position in the set, its condition over the merged leaves, and the
    /// literals of its most selective clause (null when it has none).</param>
    /// <param name="maxJsonDepth">Deepest nesting an event may have.</param>
    public static JsonGroup Create(JsonPathTrie trie, IReadOnlyList<(int Slot, Condition Condition, Literal[]? Clause)> members, int maxJsonDepth)
    {
        var built = members.Select(static m => new Member(m.Slot, m.Condition)).ToArray();
        if (members.Any(static m => m.Clause is null))
        {
            return new JsonGroup(trie, built, null, maxJsonDepth);
        }

        // perf: searching many literals costs more than the full pass it could save (measured on CloudTrail with 66
        // literals: 1.37 us to mark them, 1.18 us for the full pass), and with many patterns most events pass one
        // anyway. Past MaxClauseLiterals, every event goes straight to the full pass.
        var literals = members.SelectMany(static m => m.Clause!).DistinctBy(static l => l.Utf16, StringComparer.Ordinal).ToList();
        if (literals.Count > MaxClauseLiterals)
        {
            return new JsonGroup(trie, built, null, maxJsonDepth);
        }

        literals.AddRange(HidingEscapes.Literals(HidingEscapes.IncludeSlash(literals)));
        return new JsonGroup(trie, built, new LiteralSet(literals), maxJsonDepth);
    }

    /// <summary>Writes each member's answer into its slot of <paramref name="results"/>; returns how many matched.</summary>
    public int Evaluate<T>(ReadOnlySpan<T> text, Span<bool> results)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (_clauseLiteralsOrEscapes is { } search && !search.ContainsAny(text))
        {
            ClearResults(results);
            return 0;
        }

        return EvaluateAll(text, results);
    }

    // One full pass for every member.
    private int EvaluateAll<T>(ReadOnlySpan<T> text, Span<bool> results)
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
        var matched = 0;
        for (var chunk = 0; chunk <= state.Length; chunk += 32)
        {
            for (var held = HeldLeaves(state, chunk); held != 0; held &= held - 1)
            {
                matched += EvaluateUnder(chunk + BitOperations.TrailingZeroCount(held), results, leaves);
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
    // hold is evaluated once if it matched (a true result is final), again if not (harmlessly).
    private int EvaluateUnder(int leaf, Span<bool> results, ReadOnlySpan<bool> leaves)
    {
        var matched = 0;
        foreach (var m in _leafMembers.AsSpan(_leafMembersStart[leaf], _leafMembersStart[leaf + 1] - _leafMembersStart[leaf]))
        {
            ref var result = ref results[_slots[m]];
            if (result)
            {
                continue;
            }

            result = _conditions[m].Evaluate(leaves);
            matched += result ? 1 : 0;
        }

        return matched;
    }

    private sealed record Member(int Slot, Condition Condition);
}
