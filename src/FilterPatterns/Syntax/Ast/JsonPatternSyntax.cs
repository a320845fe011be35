namespace FilterPatterns.Syntax.Ast;

/// <summary>A JSON pattern: <c>{ $.eventType = "UpdateTrail" &amp;&amp; $.latency &gt; 50 }</c>.</summary>
internal sealed record JsonPatternSyntax(ConditionSyntax Condition, SourceSpan Span) : PatternSyntax(Span)
{
    public override FilterPatternKind Kind => FilterPatternKind.Json;
}
