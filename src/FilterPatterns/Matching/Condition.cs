namespace FilterPatterns.Matching;

/// <summary>
/// A compiled and/or tree over numbered leaves. The leaves' values are computed elsewhere (JSON: while scanning;
/// space-delimited: per field) and passed in as a bit per leaf.
/// </summary>
internal abstract class Condition
{
    public abstract bool Evaluate(ReadOnlySpan<bool> leaves);

    public sealed class Leaf(int index, bool negated) : Condition
    {
        public int Index => index;

        public bool Negated => negated;

        public override bool Evaluate(ReadOnlySpan<bool> leaves) => leaves[index] != negated;
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
    }
}
