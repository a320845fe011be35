using System.Numerics;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The <c>= "literal*"</c> leaves of one trie node, decided together when the node is first reached in an event (all
/// its leaves are still zero then, so only those that hold need writing): per distinct prefix length, one lookup of
/// the value's first units among the prefixes of that length, instead of a comparison per leaf. Pattern sets put many
/// of these on one selector (<c>$.eventName = "Describe*"</c>).
/// </summary>
internal sealed class PrefixGroup
{
    /// <summary>Fewer leaves than this are cheaper to compare one by one.</summary>
    public const int MinimumLeaves = 4;

    // Per encoding, the prefixes grouped by their length in that encoding (UTF-8 and UTF-16 lengths differ).
    private readonly (int Length, EqualityGroup Group)[] _utf8;
    private readonly (int Length, EqualityGroup Group)[] _utf16;

    /// <param name="leaves">The grouped leaves and their prefixes.</param>
    public PrefixGroup(IReadOnlyList<(JsonLeaf Leaf, Literal Prefix)> leaves)
    {
        Leaves = [.. leaves.Select(static l => l.Leaf)];
        _utf8 = [.. leaves.GroupBy(static l => l.Prefix.Utf8.Length).OrderBy(static g => g.Key)
            .Select(static g => (g.Key, new EqualityGroup([.. g.Select(static l => (l.Leaf.Index, l.Prefix))])))];
        _utf16 = [.. leaves.GroupBy(static l => l.Prefix.Utf16.Length).OrderBy(static g => g.Key)
            .Select(static g => (g.Key, new EqualityGroup([.. g.Select(static l => (l.Leaf.Index, l.Prefix))])))];
    }

    /// <summary>The grouped leaves, for the general path (a node reached again, a value with escapes).</summary>
    public JsonLeaf[] Leaves { get; }

    /// <summary>Sets <paramref name="current"/> on the state of every leaf whose prefix starts <paramref name="text"/>
    /// (raw, without escapes); the others are left as they are.</summary>
    public void MarkHolding<T>(ReadOnlySpan<T> text, Span<byte> state, byte current)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var (length, group) in typeof(T) == typeof(byte) ? _utf8 : _utf16)
        {
            if (length > text.Length)
            {
                return;
            }

            foreach (var leaf in group.LeavesOf(group.Find(text[..length], jsonEscaped: false)))
            {
                state[leaf] = current;
            }
        }
    }
}
