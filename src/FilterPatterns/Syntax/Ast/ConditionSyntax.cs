using FilterPatterns.Internal;

namespace FilterPatterns.Syntax.Ast;

/// <summary>
/// A boolean condition: the body of a JSON pattern, or the condition of one space-delimited field.
/// Leaves are <see cref="JsonComparisonSyntax"/>, <see cref="JsonIsSyntax"/> and <see cref="JsonNotExistsSyntax"/> in
/// JSON patterns, and <see cref="FieldComparisonSyntax"/> in space-delimited ones.
/// </summary>
internal abstract record ConditionSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>a &amp;&amp; b &amp;&amp; c</c>, flattened: no operand is itself an <see cref="AndSyntax"/>.</summary>
internal sealed record AndSyntax(EquatableArray<ConditionSyntax> Operands, SourceSpan Span) : ConditionSyntax(Span);

/// <summary><c>a || b || c</c>, flattened: no operand is itself an <see cref="OrSyntax"/>.</summary>
internal sealed record OrSyntax(EquatableArray<ConditionSyntax> Operands, SourceSpan Span) : ConditionSyntax(Span);
