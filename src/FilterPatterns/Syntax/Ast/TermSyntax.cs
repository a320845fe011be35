namespace FilterPatterns.Syntax.Ast;

/// <summary>How a text term takes part in matching.</summary>
internal enum TermRole
{
    /// <summary><c>ERROR</c>: the event must contain the term.</summary>
    Required,

    /// <summary><c>?ERROR</c>: the event must contain at least one optional term (ignored when plain terms are present).</summary>
    Optional,

    /// <summary><c>-ERROR</c>: the event must not contain the term.</summary>
    Excluded,
}

/// <summary>One term of a text pattern, with its quotes and escapes removed: <c>ERROR</c>, <c>"INTERNAL SERVER ERROR"</c>, <c>?WARN</c>, <c>-DEBUG</c>.</summary>
/// <param name="Role">Required, optional (<c>?</c>) or excluded (<c>-</c>).</param>
/// <param name="Text">The text the event is searched for, case-sensitively.</param>
/// <param name="Span">Where the term, prefix included, was written.</param>
internal sealed record TermSyntax(TermRole Role, string Text, SourceSpan Span) : SyntaxNode(Span)
{
    /// <summary>A quoted term made only of blanks (<c>" "</c>): AWS treats it as matching everything, so it is ignored.</summary>
    public bool IsBlank => Text.AsSpan().Trim(SyntaxFacts.Blanks).IsEmpty;
}
