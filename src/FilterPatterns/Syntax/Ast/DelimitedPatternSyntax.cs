using FilterPatterns.Internal;

namespace FilterPatterns.Syntax.Ast;

/// <summary>
/// A space-delimited pattern: <c>[ip, user, ..., status_code = 4*, bytes &gt; 1000]</c>. An empty field list
/// (<c>[]</c>) matches every event and extracts every field.
/// </summary>
internal sealed record DelimitedPatternSyntax(EquatableArray<FieldSyntax> Fields, SourceSpan Span) : PatternSyntax(Span)
{
    public override FilterPatternKind Kind => FilterPatternKind.SpaceDelimited;
}
