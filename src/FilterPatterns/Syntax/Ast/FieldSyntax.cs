namespace FilterPatterns.Syntax.Ast;

/// <summary>One slot of a space-delimited pattern.</summary>
internal abstract record FieldSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>...</c>: any number (zero included) of event fields, extracted as <c>$N</c>.</summary>
internal sealed record EllipsisFieldSyntax(SourceSpan Span) : FieldSyntax(Span);

/// <summary>A named field, optionally with a condition about it: <c>status_code</c>, <c>status_code = 4* &amp;&amp; status_code != 403</c>.</summary>
/// <param name="Name">The field name; extracted as <c>$name</c>.</param>
/// <param name="Condition">A tree of <see cref="FieldComparisonSyntax"/> leaves joined by and/or, or null.</param>
/// <param name="Span">Where the field was written.</param>
internal sealed record NamedFieldSyntax(string Name, ConditionSyntax? Condition, SourceSpan Span) : FieldSyntax(Span);

/// <summary>The unnamed field a trailing comma adds (<c>[a, b,]</c>); matches any one field, extracted as <c>$N</c>.</summary>
internal sealed record UnnamedFieldSyntax(SourceSpan Span) : FieldSyntax(Span);
