using FilterPatterns.Internal;

namespace FilterPatterns.Syntax.Ast;

/// <summary>What one step of a JSON selector selects.</summary>
internal enum SelectorStepKind
{
    /// <summary><c>.name</c> or <c>.['name']</c>: the member of an object with that name (the last one, if repeated).</summary>
    Property,

    /// <summary><c>[N]</c>: element N (0-based) of an array.</summary>
    Index,

    /// <summary><c>.*</c>: every member of an object.</summary>
    AnyProperty,

    /// <summary><c>[*]</c>: every element of an array.</summary>
    AnyIndex,
}

/// <summary>One step of a JSON selector.</summary>
/// <param name="Kind">What the step selects.</param>
/// <param name="Name">The member name, for <see cref="SelectorStepKind.Property"/>.</param>
/// <param name="Index">The element index, for <see cref="SelectorStepKind.Index"/>.</param>
internal readonly record struct SelectorStep(SelectorStepKind Kind, string? Name, int Index)
{
    public bool IsWildcard => Kind is SelectorStepKind.AnyProperty or SelectorStepKind.AnyIndex;

    public static SelectorStep Property(string name) => new(SelectorStepKind.Property, name, 0);

    public static SelectorStep Element(int index) => new(SelectorStepKind.Index, null, index);

    public static SelectorStep AnyProperty => new(SelectorStepKind.AnyProperty, null, 0);

    public static SelectorStep AnyIndex => new(SelectorStepKind.AnyIndex, null, 0);
}

/// <summary>A JSON property selector: <c>$.a.b[0]</c>, <c>$.['key.with.dots']</c>, <c>$.list[*].id</c>, <c>$.*</c>.</summary>
internal sealed record SelectorSyntax(EquatableArray<SelectorStep> Steps, SourceSpan Span) : SyntaxNode(Span)
{
    public bool HasWildcard
    {
        get
        {
            foreach (var step in Steps)
            {
                if (step.IsWildcard)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
