namespace FilterPatterns.Matching;

/// <summary>
/// A compiled and/or tree over numbered leaves. The leaves' values are computed elsewhere (JSON: while scanning;
/// space-delimited: per field) and passed in as a bit per leaf.
/// </summary>
internal abstract class Condition
{
    public abstract bool Evaluate(ReadOnlySpan<bool> leaves);

    /// <summary>
    /// Leaves of which at least one holds whenever the condition does (null when no such set follows from the tree):
    /// sets check them before evaluating a pattern's whole tree.
    /// </summary>
    public abstract int[]? RequiredLeaves();

    public sealed class Leaf(int index, bool negated) : Condition
    {
        public int Index => index;

        public bool Negated => negated;

        public override bool Evaluate(ReadOnlySpan<bool> leaves) => leaves[index] != negated;

        public override int[]? RequiredLeaves() => negated ? null : [index];
    }

    public sealed class And(Condition[] operands) : Condition
    {
        public IReadOnlyList<Condition> Operands => operands;

        public override bool Evaluate(ReadOnlySpan<bool> leaves)
        {
            foreach (var operand in operands)
            {
                if (!operand.Evaluate(leaves))
                {
                    return false;
                }
            }

            return true;
        }

        // Any operand's will do: the one with the fewest leaves.
        public override int[]? RequiredLeaves() =>
            operands.Select(static o => o.RequiredLeaves()).Where(static r => r is not null).MinBy(static r => r!.Length);
    }

    public sealed class Or(Condition[] operands) : Condition
    {
        public IReadOnlyList<Condition> Operands => operands;

        public override bool Evaluate(ReadOnlySpan<bool> leaves)
        {
            foreach (var operand in operands)
            {
                if (operand.Evaluate(leaves))
                {
                    return true;
                }
            }

            return false;
        }

        // Every operand's, together; none when some operand has none.
        public override int[]? RequiredLeaves()
        {
            var all = new List<int>();
            foreach (var operand in operands)
            {
                if (operand.RequiredLeaves() is not { } required)
                {
                    return null;
                }

                all.AddRange(required);
            }

            return [.. all.Distinct()];
        }
    }
}
