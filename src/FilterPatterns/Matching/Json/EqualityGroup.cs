using System.Numerics;
using System.Runtime.InteropServices;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The <c>= "literal"</c> leaves of one trie node, decided together: the value is looked up once among their
/// literals, instead of being compared with each. Pattern sets put many of these on one selector (100 metric filters
/// on <c>$.eventName</c>).
/// </summary>
internal sealed class EqualityGroup
{
    /// <summary>Fewer leaves than this are cheaper to compare one by one.</summary>
    public const int MinimumLeaves = 4;

    // Per encoding, the literals by their UTF-8 bytes, or by their UTF-16 chars as bytes.
    private readonly HashTable _utf8;
    private readonly HashTable _utf16;

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

        _utf8 = new HashTable([.. literals.Select(static l => l.Utf8)]);
        _utf16 = new HashTable([.. literals.Select(static l => MemoryMarshal.AsBytes(l.Utf16.AsSpan()).ToArray())]);
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
        where T : unmanaged, IBinaryInteger<T> =>
        typeof(T) == typeof(byte) ? _utf8.Find(MemoryMarshal.AsBytes(text)) : _utf16.Find(MemoryMarshal.AsBytes(text));

    /// <summary>Test hook: the hash a key is looked up by.</summary>
    internal static uint HashOf(ReadOnlySpan<byte> key) => HashTable.Hash(key);

    /// <summary>
    /// Keys to ids by hash: one hash of the value (its length, its first and last 8 bytes, then any bytes between),
    /// then, on a slot whose hash agrees, one comparison. perf: was a binary search over the sorted keys, ~7 ordered
    /// comparisons a value with 100 keys (a JSON set's <c>$.eventName</c> leaves).
    /// </summary>
    private sealed class HashTable
    {
        // Open addressing, at most half full: slot i holds key _ids[i] - 1 (0: empty), whose hash is _hashes[i].
        private readonly byte[][] _keys;
        private readonly int[] _ids;
        private readonly uint[] _hashes;
        private readonly int _mask;

        public HashTable(byte[][] keys)
        {
            _keys = keys;
            var size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(4, keys.Length * 2));
            (_ids, _hashes, _mask) = (new int[size], new uint[size], size - 1);
            for (var id = 0; id < keys.Length; id++)
            {
                var hash = Hash(keys[id]);
                var slot = (int)hash & _mask;
                while (_ids[slot] != 0)
                {
                    slot = (slot + 1) & _mask;
                }

                (_ids[slot], _hashes[slot]) = (id + 1, hash);
            }
        }

        public int Find(ReadOnlySpan<byte> key)
        {
            var hash = Hash(key);
            for (var slot = (int)hash & _mask; ; slot = (slot + 1) & _mask)
            {
                var id = _ids[slot] - 1;
                if (id < 0)
                {
                    return -1;
                }

                if (_hashes[slot] == hash && key.SequenceEqual(_keys[id]))
                {
                    return id;
                }
            }
        }

        public static uint Hash(ReadOnlySpan<byte> key)
        {
            var n = key.Length;
            ulong first, last;
            if (n >= 8)
            {
                (first, last) = (MemoryMarshal.Read<ulong>(key), MemoryMarshal.Read<ulong>(key[(n - 8)..]));
            }
            else if (n >= 4)
            {
                (first, last) = (MemoryMarshal.Read<uint>(key), MemoryMarshal.Read<uint>(key[(n - 4)..]));
            }
            else
            {
                (first, last) = (n > 0 ? key[0] | ((ulong)key[n >> 1] << 8) | ((ulong)key[n - 1] << 16) : 0, 0);
            }

            var h = (first * 0x9E3779B97F4A7C15UL) ^ BitOperations.RotateLeft(last * 0xC2B2AE3D27D4EB4FUL, 29) ^ (ulong)n;

            // The middle of a longer key, 8 bytes a step: keys that differ only there must not all share one slot.
            for (var i = 8; i < n - 8; i += 8)
            {
                h = BitOperations.RotateLeft(h ^ MemoryMarshal.Read<ulong>(key[i..]), 31) * 0x9E3779B97F4A7C15UL;
            }

            h ^= h >> 29;
            h *= 0xBF58476D1CE4E5B9UL;
            return (uint)(h >> 32);
        }
    }
}
