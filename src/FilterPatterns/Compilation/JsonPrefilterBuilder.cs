using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Compilation;

/// <summary>
/// Derives from a JSON condition the literals a matching event must contain, as clauses: every clause must have one
/// of its literals in the event. Only sound for events without a backslash (an escape can spell any character
/// differently); <see cref="JsonPrefilter"/> checks that.
/// </summary>
/// <remarks>
/// A positive leaf (a comparison, IS, a selector that must exist) requires each named member of its selector as a
/// quoted key (<c>"eventName"</c>), and <c>= "value"</c> requires the value as JSON writes it: quoted when it cannot
/// be a number's text (<c>"ConsoleLogin"</c>), with the quote only on the fixed side of a wildcard
/// (<c>"AccessDenied</c>, <c>UnauthorizedOperation"</c>). <c>&amp;&amp;</c> keeps all its operands' clauses; <c>||</c>
/// requires one of its operands' most selective clauses; <c>!=</c>, numbers, regular expressions and <c>NOT EXISTS</c>
/// require only keys, or nothing.
/// </remarks>
internal static class JsonPrefilterBuilder
{
    private static readonly System.Buffers.SearchValues<char> s_numberCharacters = System.Buffers.SearchValues.Create("0123456789+-.eE");

    /// <summary>At most this many clauses are checked per event: past that, a full scan is cheaper.</summary>
    public const int MaxClauses = 3;

    public static JsonPrefilter? Build(ConditionSyntax condition)
    {
        var clauses = Clauses(condition)
            .OrderByDescending(Selectivity)
            .Take(MaxClauses)
            .Select(static c => c.Select(static l => new Literal(l)).ToArray())
            .ToList();
        return clauses.Count == 0 ? null : new JsonPrefilter([.. clauses]);
    }

    private static List<string[]> Clauses(ConditionSyntax condition)
    {
        switch (condition)
        {
            case AndSyntax conjunction:
                return [.. conjunction.Operands.SelectMany(Clauses)];
            case OrSyntax disjunction:
                var best = new List<string>();
                foreach (var operand in disjunction.Operands)
                {
                    var clauses = Clauses(operand);
                    if (clauses.Count == 0)
                    {
                        return [];
                    }

                    best.AddRange(clauses.MaxBy(Selectivity)!);
                }

                return [[.. best.Distinct(StringComparer.Ordinal)]];
            case JsonComparisonSyntax comparison:
                var keys = Keys(comparison.Selector);
                if (comparison.Operator == ComparisonOperator.Equal && comparison.Value is StringValueSyntax { Literal.Length: > 0 } text)
                {
                    keys.Add([ValueLiteral(text)]);
                }

                return keys;
            case JsonIsSyntax isTest:
                return Keys(isTest.Selector);
            default:
                // NOT EXISTS requires nothing.
                return [];
        }
    }

    private static List<string[]> Keys(SelectorSyntax selector) =>
        [.. selector.Steps.Where(static s => s.Kind == SelectorStepKind.Property && !string.IsNullOrEmpty(s.Name))
            .Select(static s => new[] { Quote(s.Name!) })];

    // As it appears in an event without escapes: a string's content between quotes, or a number's text. A value
    // made only of characters a JSON number can contain might be (part of) a number's text, so it gets no quotes.
    private static string ValueLiteral(StringValueSyntax value)
    {
        var literal = value.Literal;
        if (literal.Contains('"', StringComparison.Ordinal) || literal.Contains('\\', StringComparison.Ordinal) || literal.Any(char.IsControl))
        {
            // JSON must escape it, so not even the bare text is sure to appear.
            return string.Empty;
        }

        if (!literal.AsSpan().ContainsAnyExcept(s_numberCharacters))
        {
            return literal;
        }

        return (value.LeadingWildcard ? string.Empty : "\"") + literal + (value.TrailingWildcard ? string.Empty : "\"");
    }

    private static string Quote(string name) =>
        name.Contains('"', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Any(char.IsControl) ? string.Empty : "\"" + name + "\"";

    /// <summary>Prefer clauses with few, long literals: they reject more events.</summary>
    private static int Selectivity(string[] clause) =>
        clause.Length == 0 || clause.Any(static l => l.Length == 0) ? int.MinValue : clause.Min(static l => l.Length) * 16 / clause.Length;
}
