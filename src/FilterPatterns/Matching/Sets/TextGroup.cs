using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Sets;

/// <summary>
/// The text patterns of a set, decided together: one <see cref="LiteralSet"/> pass marks which of all their distinct
/// terms occur in the event, and each pattern is then a check over those marks.
/// </summary>
internal sealed class TextGroup
{
    private readonly LiteralSet _literals;
    private readonly Program[] _programs;

    private TextGroup(LiteralSet literals, Program[] programs)
    {
        _literals = literals;
        _programs = programs;
    }

    public int LiteralCount => _literals.Count;

    /// <param name="patterns">(position in the set, required, excluded, optional terms) of each text pattern.</param>
    public static TextGroup? Create(IReadOnlyList<(int Slot, string[] Required, string[] Excluded, string[] Optional)> patterns)
    {
        if (patterns.Count == 0)
        {
            return null;
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        int[] Ids(string[] terms) => [.. terms.Select(t => ids.TryGetValue(t, out var id) ? id : ids[t] = ids.Count)];
        var programs = patterns.Select(p => new Program(p.Slot, Ids(p.Required), Ids(p.Excluded), Ids(p.Optional))).ToArray();
        var literals = new LiteralSet([.. ids.OrderBy(static kv => kv.Value).Select(static kv => new Literal(kv.Key))]);
        return new TextGroup(literals, programs);
    }

    public void Evaluate<T>(ReadOnlySpan<T> text, Span<bool> results)
        where T : unmanaged, IEquatable<T>
    {
        using var buffer = new PooledBuffer<bool>(stackalloc bool[256], _literals.Count);
        var present = buffer.Span;
        present.Clear();
        _literals.MarkPresent(text, present);
        foreach (var program in _programs)
        {
            results[program.Slot] = program.Evaluate(present);
        }
    }

    private sealed record Program(int Slot, int[] Required, int[] Excluded, int[] Optional)
    {
        public bool Evaluate(ReadOnlySpan<bool> present)
        {
            foreach (var id in Required)
            {
                if (!present[id])
                {
                    return false;
                }
            }

            foreach (var id in Excluded)
            {
                if (present[id])
                {
                    return false;
                }
            }

            if (Optional.Length == 0)
            {
                return true;
            }

            foreach (var id in Optional)
            {
                if (present[id])
                {
                    return true;
                }
            }

            return false;
        }
    }
}
