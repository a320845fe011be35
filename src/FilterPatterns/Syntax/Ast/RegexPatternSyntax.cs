namespace FilterPatterns.Syntax.Ast;

/// <summary>A whole-pattern regular expression: <c>%AUTHORIZED%</c>. Searched anywhere in the event.</summary>
internal sealed record RegexPatternSyntax(RegexSyntax Regex, SourceSpan Span) : PatternSyntax(Span)
{
    public override FilterPatternKind Kind => FilterPatternKind.Regex;
}
