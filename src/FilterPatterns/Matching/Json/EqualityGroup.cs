using System.Numerics;
using System.Runtime.InteropServices;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The <c>= "literal"</c> leaves of one trie node, decided together: the value is looked up once among their sorted
/// literals, instead of being compared with each. Pattern sets put many of these on one selector (100 metric filters
/// on <c>$.eventName</c>).
/// </summary>
internal sealed class EqualityGroup
{
    /// <summary>Fewer leaves than this are cheaper to compare one by one.</summary>
    public const int MinimumLeaves = 4;

    private readonly byte[][] _utf8Keys;
    private readonly int[] _utf8Ids;
    private readonly string[] _utf16Keys;
    private readonly int[] _utf16Ids;

    // The leaves of literal id are _leavesById[_leavesByIdStart[id].._leavesByIdStart[id + 1]].
    private readonly int[] _leavesById;
    private readonly int[] _leavesByIdStart;

    /// <param name="leaves">Each grouped leaf's state slot and its literal.</param>
    public EqualityGroup(IReadOnlyList<(int Leaf, Literal Literal)> leaves)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var literals = new List<Literal>();
        Leaves = [.. leaves.Select(l =>
        {
            if (!ids.TryGetValue(l.Literal.Utf16, out var id))
            {
                id = ids[l.Literal.Utf16] = literals.Count;
                literals.Add(l.Literal);
            }

            return (l.Leaf, id);
        })];

        var byId = Leaves.OrderBy(static l => l.Id).ToArray();
        _leavesById = [.. byId.Select(static l => l.Leaf)];
        _leavesByIdStart = new int[literals.Count + 1];
        foreach (var (_, id) in byId)
        {
            _leavesByIdStart[id + 1]++;
        }

        for (var id = 0; id < literals.Count; id++)
        {
            _leavesByIdStart[id + 1] += _leavesByIdStart[id];
        }

        // UTF-8 byte order and UTF-16 ordinal order differ, so each encoding has its own sorted keys.
        var byUtf8 = Enumerable.Range(0, literals.Count).OrderBy(i => literals[i].Utf8, Comparer<byte[]>.Create(static (a, b) => a.AsSpan().SequenceCompareTo(b))).ToArray();
        _utf8Keys = [.. byUtf8.Select(i => literals[i].Utf8)];
        _utf8Ids = byUtf8;
        var byUtf16 = Enumerable.Range(0, literals.Count).OrderBy(i => literals[i].Utf16, StringComparer.Ordinal).ToArray();
        _utf16Keys = [.. byUtf16.Select(i => literals[i].Utf16)];
        _utf16Ids = byUtf16;
    }

    /// <summary>(state slot, literal id) of every grouped leaf.</summary>
    public (int Leaf, int Id)[] Leaves { get; }

    /// <summary>The state slots of the leaves whose literal is <paramref name="id"/> (none for -1).</summary>
    public ReadOnlySpan<int> LeavesOf(int id) =>
        id < 0 ? [] : _leavesById.AsSpan(_leavesByIdStart[id], _leavesByIdStart[id + 1] - _leavesByIdStart[id]);

    /// <summary>The id of the literal equal to the value's text, or -1.</summary>
    public int Find<T>(ReadOnlySpan<T> text, bool jsonEscaped)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (jsonEscaped)
        {
            using var buffer = new PooledBuffer<char>(stackalloc char[256], text.Length);
            var length = JsonStrings.Decode(text, buffer.Span);
            return Search<char>(buffer.Span[..length]);
        }

        return Search(text);
    }

    private int Search<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        int low = 0, high = typeof(T) == typeof(byte) ? _utf8Keys.Length - 1 : _utf16Keys.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = typeof(T) == typeof(byte)
                ? MemoryMarshal.Cast<T, byte>(text).SequenceCompareTo(_utf8Keys[middle])
                : MemoryMarshal.Cast<T, char>(text).SequenceCompareTo(_utf16Keys[middle]);
            if (order == 0)
            {
                return typeof(T) == typeof(byte) ? _utf8Ids[middle] : _utf16Ids[middle];
            }

            if (order < 0)
            {
                high = middle - 1;
            }
            else
            {
                low = middle + 1;
            }
        }

        return -1;
    }
}
