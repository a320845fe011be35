using System.Collections.Immutable;
using FilterPatterns.Internal;

namespace FilterPatterns.Syntax.Regex;

/// <summary>What one regular-expression atom matches.</summary>
internal enum RegexAtomKind
{
    /// <summary>One character from <see cref="RegexPiece.Set"/>.</summary>
    Set,

    /// <summary><c>^</c>: the start of the event.</summary>
    Start,

    /// <summary><c>$</c>: the end of the event.</summary>
    End,
}

/// <summary>An atom with its repetition: <c>a</c>, <c>[0-9]{1,3}</c>, <c>\d+</c>, <c>^</c>.</summary>
/// <param name="Kind">Character set or anchor.</param>
/// <param name="Set">The characters matched, for <see cref="RegexAtomKind.Set"/>.</param>
/// <param name="Min">Fewest repetitions.</param>
/// <param name="Max">Most repetitions; <see cref="Unbounded"/> for <c>*</c> and <c>+</c>.</param>
internal readonly record struct RegexPiece(RegexAtomKind Kind, CharSet Set, int Min, int Max)
{
    public const int Unbounded = -1;

    public bool IsSingleLiteral(out char c)
    {
        c = default;
        return Kind == RegexAtomKind.Set && Min == 1 && Max == 1 && Set.TryGetSingle(out c);
    }
}

/// <summary>
/// A parsed AWS regular expression: alternatives over the whole expression (AWS has no groups), each a sequence of
/// pieces. Equality and printing use the source text as written between the percent signs.
/// </summary>
internal sealed class RegexTree : IEquatable<RegexTree>
{
    public RegexTree(string source, ImmutableArray<EquatableArray<RegexPiece>> branches)
    {
        Source = source;
        Branches = branches;
    }

    /// <summary>The expression as written between the percent signs.</summary>
    public string Source { get; }

    /// <summary>The alternatives of the top-level <c>|</c>; at least one, each possibly empty.</summary>
    public ImmutableArray<EquatableArray<RegexPiece>> Branches { get; }

    /// <summary>
    /// Whether some alternative matches every event: it needs no character, and does not hold both anchors (<c>^$</c>,
    /// <c>$^</c> and <c>^a?$</c> need no character but match only an empty or one-character event).
    /// </summary>
    public bool MatchesEverything
    {
        get
        {
            foreach (var branch in Branches)
            {
                var needsCharacter = false;
                var start = false;
                var end = false;
                foreach (var item in branch)
                {
                    needsCharacter |= item.Kind == RegexAtomKind.Set && item.Min > 0;
                    start |= item.Kind == RegexAtomKind.Start;
                    end |= item.Kind == RegexAtomKind.End;
                }

                if (!needsCharacter && !(start && end))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public bool Equals(RegexTree? other) => other is not null && Source == other.Source;

    public override bool Equals(object? obj) => Equals(obj as RegexTree);

    public override int GetHashCode() => Source.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Source;
}
