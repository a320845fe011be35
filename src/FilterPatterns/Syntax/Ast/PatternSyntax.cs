namespace FilterPatterns.Syntax.Ast;

/// <summary>A whole filter pattern: one of the four families (text, regex, JSON, space-delimited).</summary>
internal abstract record PatternSyntax(SourceSpan Span) : SyntaxNode(Span)
{
    public abstract FilterPatternKind Kind { get; }
}
