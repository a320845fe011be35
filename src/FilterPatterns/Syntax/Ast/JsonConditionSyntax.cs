namespace FilterPatterns.Syntax.Ast;

/// <summary>The comparison operators of JSON and space-delimited conditions.</summary>
internal enum ComparisonOperator
{
    /// <summary><c>=</c></summary>
    Equal,

    /// <summary><c>!=</c></summary>
    NotEqual,

    /// <summary><c>&lt;</c></summary>
    LessThan,

    /// <summary><c>&gt;</c></summary>
    GreaterThan,

    /// <summary><c>&lt;=</c></summary>
    LessThanOrEqual,

    /// <summary><c>&gt;=</c></summary>
    GreaterThanOrEqual,
}

/// <summary>The JSON literals an <c>IS</c> test names.</summary>
internal enum JsonLiteral
{
    /// <summary><c>IS TRUE</c></summary>
    True,

    /// <summary><c>IS FALSE</c></summary>
    False,

    /// <summary><c>IS NULL</c></summary>
    Null,
}

/// <summary><c>$.selector OP value</c>.</summary>
internal sealed record JsonComparisonSyntax(SelectorSyntax Selector, ComparisonOperator Operator, ValueSyntax Value, SourceSpan Span)
    : ConditionSyntax(Span);

/// <summary><c>$.selector IS TRUE|FALSE|NULL</c>.</summary>
internal sealed record JsonIsSyntax(SelectorSyntax Selector, JsonLiteral Literal, SourceSpan Span) : ConditionSyntax(Span);

/// <summary><c>$.selector NOT EXISTS</c>: true when the selector reaches nothing.</summary>
internal sealed record JsonNotExistsSyntax(SelectorSyntax Selector, SourceSpan Span) : ConditionSyntax(Span);

/// <summary>
/// One comparison about the field of a space-delimited slot: <c>status_code = 4*</c>. The name is repeated as written;
/// the parser checks it names the slot's field.
/// </summary>
internal sealed record FieldComparisonSyntax(string FieldName, ComparisonOperator Operator, ValueSyntax Value, SourceSpan Span)
    : ConditionSyntax(Span);
