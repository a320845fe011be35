namespace FilterPatterns.Syntax.Ast;

/// <summary>The right-hand side of a comparison.</summary>
internal abstract record ValueSyntax(SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// A string, quoted or not, with its <c>*</c> wildcards taken off: <c>"UpdateTrail"</c>, <c>Event*</c>, <c>*.html*</c>.
/// Only leading and trailing stars are wildcards; an interior star is literal.
/// </summary>
/// <param name="Literal">The text between the wildcards; never empty when a wildcard is present (that is <see cref="AnyValueSyntax"/>).</param>
/// <param name="LeadingWildcard">Whether the value started with <c>*</c>.</param>
/// <param name="TrailingWildcard">Whether the value ended with <c>*</c>.</param>
/// <param name="Span">Where the value was written.</param>
internal sealed record StringValueSyntax(string Literal, bool LeadingWildcard, bool TrailingWildcard, SourceSpan Span) : ValueSyntax(Span);

/// <summary><c>*</c> (or <c>"*"</c>): any string or number, i.e. "the value is present".</summary>
internal sealed record AnyValueSyntax(SourceSpan Span) : ValueSyntax(Span);

/// <summary>An unquoted number: <c>400</c>, <c>-1.5</c>, <c>1e-3</c>, <c>+1000</c>. Compared numerically.</summary>
/// <param name="Text">The number as written (equality and printing use it).</param>
/// <param name="Value">Its value.</param>
/// <param name="Span">Where the number was written.</param>
internal sealed record NumberValueSyntax(string Text, double Value, SourceSpan Span) : ValueSyntax(Span);

/// <summary>A regular expression value: <c>%Trail%</c>. Searched in the value's text.</summary>
internal sealed record RegexValueSyntax(RegexSyntax Regex, SourceSpan Span) : ValueSyntax(Span);
