using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Syntax.Ast;

/// <summary>A regular expression written <c>%...%</c>, as a whole pattern or as a value.</summary>
/// <param name="Tree">The parsed expression; its canonical text is what equality compares.</param>
/// <param name="Span">Where the expression, percent signs included, was written.</param>
internal sealed record RegexSyntax(RegexTree Tree, SourceSpan Span) : SyntaxNode(Span);
