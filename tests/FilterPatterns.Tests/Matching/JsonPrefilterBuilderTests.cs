using FilterPatterns.Compilation;
using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// Which literals a JSON pattern's pre-check requires, by the rules in <see cref="JsonPrefilterBuilder"/>'s remarks:
/// keys quoted (the opening quote only before a lowercase letter), string values as JSON writes them, numbers bare,
/// nothing for what JSON would have to escape; one literal of every operand of <c>||</c>; the most selective first
/// (one literal before several, values before keys, longer before shorter), at most three. Soundness is the matching
/// tests' job (they compare with the reference evaluator); these pin the choice, which decides the pre-check's cost.
/// Clauses are written <c>a|b</c> (one of them), joined with <c> &amp; </c>.
/// </summary>
public sealed class JsonPrefilterBuilderTests
{
    [Theory]
    [InlineData("""{ $.eventName = "ConsoleLogin" }""", """ConsoleLogin" & "eventName" """, """ConsoleLogin" """)]
    [InlineData("""{ $.eventName = "console" }""", """ "console" & "eventName" """, """ "console" """)]
    [InlineData("""{ $.errorCode = "*Denied" }""", """Denied" & "errorCode" """, """Denied" """)]
    [InlineData("""{ $.errorCode = "Access*" }""", """Access & "errorCode" """, "Access")]
    [InlineData("""{ $.n = "1.5" }""", """1.5 & "n" """, "1.5")]
    [InlineData("""{ $.n = 15 }""", """ "n" """, """ "n" """)]
    [InlineData("""{ $.a.b = "q\"t" }""", """ "a" & "b" """, """ "a" """)]
    [InlineData("""{ $.userIdentity.type = "Root" }""", """Root" & "userIdentity" & "type" """, """Root" """)]
    [InlineData("""{ $.a = "w" && $.b = "x" && $.c = "yy" && $.d = "z" }""", """ "yy" & "w" & "x" """, """ "yy" """)]
    [InlineData("""{ ($.a = "x1") || ($.b = "y2") }""", """ "x1"|"y2" """, """ "x1"|"y2" """)]
    [InlineData("""{ ($.k = "x1") || ($.k = "y2") }""", """ "k" & >"x1"|"y2" """, """ "x1"|"y2" """)]
    [InlineData("""{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }""", """ "errorCode" & >UnauthorizedOperation"|AccessDenied """, """UnauthorizedOperation"|AccessDenied """)]
    [InlineData("""{ ($.a.k = "x1") || ($.a.k = "y2") }""", """ "a" & "k" & "x1"|"y2" """, """ "x1"|"y2" """)]
    [InlineData("""{ ($.k = "x1") || ($.k.j = "x1") || ($.k = "y2") }""", """ "k" & "x1"|"y2" """, """ "x1"|"y2" """)]
    // A value both operands require, under different names: still required, after no name.
    [InlineData("""{ ($.k = "v1" && $.m = "long-value-1") || ($.k = "w2" && $.j = "v1" && $.n = "long-value-2") }""", """ "v1" & "k" & "long-value-1"|"long-value-2" """, """ "long-value-1"|"long-value-2" """)]
    [InlineData("""{ ($.a = "x1") || ($.b NOT EXISTS) }""", "", "")]
    [InlineData("""{ $.a NOT EXISTS }""", "", "")]
    [InlineData("""{ $.a != "x" }""", """ "a" """, """ "a" """)]
    [InlineData("""{ $.a = %x+% }""", """ "a" """, """ "a" """)]
    [InlineData("""{ $.list[*].id IS TRUE }""", """ "list" & "id" """, """ "list" """)]
    [InlineData("""{ $.* = "abc" }""", """ "abc" """, """ "abc" """)]
    public void Requires_the_literals_the_rules_name(string pattern, string expected, string best)
    {
        var condition = ((JsonPatternSyntax)Parser.Parse(pattern, FilterPatternOptions.Default)).Condition;

        var (clauses, afterFirst) = JsonPrefilterBuilder.Plan(condition);
        Assert.Equal(expected.Trim(), Show(clauses, afterFirst));
        Assert.Equal(clauses.Select(Show1), JsonPrefilterBuilder.Choose(condition).Select(Show1));
        Assert.Equal(best.Trim(), JsonPrefilterBuilder.BestClause(condition) is { } clause ? Show([clause]) : string.Empty);
        Assert.Equal(expected.Trim().Length > 0, JsonPrefilterBuilder.Build(condition) is not null);
    }

    // A clause searched only after the first clause's first occurrence is marked ">".
    private static string Show(FilterPatterns.Internal.Literal[][] clauses, bool[]? afterFirst = null) =>
        string.Join(" & ", clauses.Select((c, i) => (afterFirst?[i] == true ? ">" : string.Empty) + Show1(c)));

    private static string Show1(FilterPatterns.Internal.Literal[] clause) => string.Join("|", clause.Select(static l => l.Utf16));
}
