using System.Numerics;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching;

/// <summary>
/// A sound pre-check: an event the prefilter finds no candidate in cannot match. Used to reject events cheaply
/// and to skip through buffers of events.
/// </summary>
internal abstract class Prefilter
{
    /// <summary>The offset of the first position that could belong to a matching event, or -1.</summary>
    public abstract int FindCandidate<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>;

    /// <summary>A literal every matching event contains (a required text term).</summary>
    public sealed class RequiredLiteral(Literal literal) : Prefilter
    {
        public Literal Literal => literal;

        public override int FindCandidate<T>(ReadOnlySpan<T> text) => literal.IndexIn(text);
    }

    /// <summary>Literals one of which every matching event contains.</summary>
    public sealed class AnyLiteral(Text.LiteralSet literals) : Prefilter
    {
        public override int FindCandidate<T>(ReadOnlySpan<T> text) => literals.IndexOfAny(text);
    }
}
