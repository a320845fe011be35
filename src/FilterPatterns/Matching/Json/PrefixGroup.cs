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

    // Per encoding, the prefixes grouped by their length in that encoding (UTF-8 and UTF-16 lengths differ), with the
    // units their prefixes start with.
    private readonly (int Length, EqualityGroup Group, FirstUnits First)[] _utf8;
    private readonly (int Length, EqualityGroup Group, FirstUnits First)[] _utf16;

    /// <param name="leaves">The grouped leaves and their prefixes.</param>
    public PrefixGroup(IReadOnlyList<(JsonLeaf Leaf, Literal Prefix)> leaves)
    {
        Leaves = [.. leaves.Select(static l => l.Leaf)];
        _utf8 = [.. leaves.GroupBy(static l => l.Prefix.Utf8.Length).OrderBy(static g => g.Key)
            .Select(static g => (g.Key, new EqualityGroup([.. g.Select(static l => (l.Leaf.Index, l.Prefix))]),
                new FirstUnits(g.Select(static l => l.Prefix.Utf8.Length > 0 ? (int)l.Prefix.Utf8[0] : -1))))];
        _utf16 = [.. leaves.GroupBy(static l => l.Prefix.Utf16.Length).OrderBy(static g => g.Key)
            .Select(static g => (g.Key, new EqualityGroup([.. g.Select(static l => (l.Leaf.Index, l.Prefix))]),
                new FirstUnits(g.Select(static l => l.Prefix.Utf16.Length > 0 ? (int)l.Prefix.Utf16[0] : -1))))];
    }

    /// <summary>The grouped leaves, for the general path (a node reached again, a value with escapes).</summary>
    public JsonLeaf[] Leaves { get; }

    /// <summary>Sets <paramref name="current"/> on the state of every leaf whose prefix starts <paramref name="text"/>
    /// (raw, without escapes); the others are left as they are.</summary>
    public void MarkHolding<T>(ReadOnlySpan<T> text, Span<byte> state, byte current)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var (length, group, first) in typeof(T) == typeof(byte) ? _utf8 : _utf16)
        {
            if (length > text.Length)
            {
                return;
            }

            // perf: most lengths hold a few prefixes, whose first units rule out most values without a lookup.
            if (length > 0 && !first.MayStart(uint.CreateTruncating(text[0])))
            {
                continue;
            }

            foreach (var leaf in group.LeavesOf(group.Find(text[..length], jsonEscaped: false)))
            {
                state[leaf] = current;
            }
        }
    }

    /// <summary>The first units of a group's prefixes: a bit per unit below 256, and whether one starts with a wider unit.</summary>
    private readonly struct FirstUnits
    {
        private readonly ulong _bits0;
        private readonly ulong _bits1;
        private readonly ulong _bits2;
        private readonly ulong _bits3;
        private readonly bool _wide;

        /// <param name="units">The first unit of each prefix (-1 for an empty prefix, which every value starts with).</param>
        public FirstUnits(IEnumerable<int> units)
        {
            Span<ulong> bits = stackalloc ulong[4];
            bits.Clear();
            foreach (var unit in units)
            {
                if (unit < 0)
                {
                    bits.Fill(ulong.MaxValue);
                    _wide = true;
                }
                else if (unit < 256)
                {
                    bits[unit >> 6] |= 1UL << (unit & 63);
                }
                else
                {
                    _wide = true;
                }
            }

            (_bits0, _bits1, _bits2, _bits3) = (bits[0], bits[1], bits[2], bits[3]);
        }

        public bool MayStart(uint unit) => unit switch
        {
            < 64 => ((_bits0 >> (int)unit) & 1) != 0,
            < 128 => ((_bits1 >> (int)(unit - 64)) & 1) != 0,
            < 192 => ((_bits2 >> (int)(unit - 128)) & 1) != 0,
            < 256 => ((_bits3 >> (int)(unit - 192)) & 1) != 0,
            _ => _wide,
        };
    }
}
