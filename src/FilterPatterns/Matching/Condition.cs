namespace FilterPatterns.Matching;

/// <summary>
/// A compiled and/or tree over numbered leaves. The leaves' values are computed elsewhere (JSON: while scanning;
/// space-delimited: per field) and passed in as a bit per leaf.
/// </summary>
internal abstract class Condition
{
    public abstract bool Evaluate(ReadOnlySpan<bool> leaves);

    /// <summary>
    /// Sets of leaves such that, whenever the condition holds, at least one leaf of each set holds (none when no such
    /// set follows from the tree): pattern sets look only at patterns one of whose required leaves holds.
    /// </summary>
    public abstract IReadOnlyList<int[]> RequiredLeafSets();

    public sealed class Leaf(int index, bool negated) : Condition
    {
        public int Index => index;

        public bool Negated => negated;

        public override bool Evaluate(ReadOnlySpan<bool> leaves) => leaves[index] != negated;

        public override IReadOnlyList<int[]> RequiredLeafSets() => negated ? [] : [[index]];
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

        // Every operand's.
        public override IReadOnlyList<int[]> RequiredLeafSets() => [.. operands.SelectMany(static o => o.RequiredLeafSets())];
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

        // One set: a set of every operand's, together (its smallest); none when some operand has none.
        public override IReadOnlyList<int[]> RequiredLeafSets()
        {
            var all = new List<int>();
            foreach (var operand in operands)
            {
                var sets = operand.RequiredLeafSets();
                if (sets.Count == 0)
                {
                    return [];
                }

                all.AddRange(sets.MinBy(static s => s.Length)!);
            }

            return [[.. all.Distinct()]];
        }
    }
}
