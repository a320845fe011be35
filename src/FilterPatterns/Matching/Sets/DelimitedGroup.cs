using System.Numerics;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Delimited;

namespace FilterPatterns.Matching.Sets;

/// <summary>The space-delimited patterns of a set, decided together over one split of the event into fields.</summary>
internal sealed class DelimitedGroup(IReadOnlyList<(int Slot, DelimitedMatcher Matcher)> members)
{
    /// <summary>Writes each member's answer into its slot of <paramref name="results"/>; returns how many matched.</summary>
    public int Evaluate<T>(ReadOnlySpan<T> text, Span<bool> results)
        where T : unmanaged, IBinaryInteger<T>
    {
        // Count first, so the field list needs no growing (an event has at most one field per two units).
        var count = 0;
        var position = 0;
        while (FieldTokenizer<T>.Next(text, ref position, out _, out _))
        {
            count++;
        }

        using var buffer = new PooledBuffer<(int Start, int Length)>(stackalloc (int, int)[64], count);
        var fields = buffer.Span;
        position = 0;
        for (var i = 0; i < count; i++)
        {
            FieldTokenizer<T>.Next(text, ref position, out var start, out var length);
            fields[i] = (start, length);
        }

        var matched = 0;
        foreach (var (slot, matcher) in members)
        {
            var match = matcher.IsMatchFields(text, fields);
            results[slot] = match;
            matched += match ? 1 : 0;
        }

        return matched;
    }
}
