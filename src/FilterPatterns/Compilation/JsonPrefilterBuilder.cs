using System.Buffers;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
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
/// be (part of) a number's text (<c>"ConsoleLogin"</c>), with the quote only on the fixed side of a wildcard
/// (<c>"AccessDenied</c>, <c>UnauthorizedOperation"</c>). <c>&amp;&amp;</c> keeps all its operands' clauses; <c>||</c>
/// requires one of its operands' most selective clauses; <c>!=</c>, numbers, regular expressions and <c>NOT EXISTS</c>
/// require only keys, or nothing. A literal JSON would have to escape requires nothing.
/// </remarks>
internal static class JsonPrefilterBuilder
{
    /// <summary>At most this many clauses are checked per event: past that, a full pass is cheaper.</summary>
    public const int MaxClauses = 3;

    private static readonly SearchValues<char> s_numberCharacters = SearchValues.Create("0123456789+-.eE");

    public static JsonPrefilter? Build(ConditionSyntax condition)
    {
        var clauses = Clauses(condition)
            .Where(static c => c.Length > 0 && Array.TrueForAll(c, static r => r.Text.Length > 0))
            .OrderByDescending(Selectivity)
            .Take(MaxClauses)
            .Select(static c => c.Select(static r => new Literal(r.Text)).ToArray())
            .ToList();
        return clauses.Count == 0 ? null : new JsonPrefilter([.. clauses]);
    }

    /// <summary>
    /// The most selective clause alone, for pattern sets: they search the clauses of all their patterns in one pass, so
    /// cost per clause does not matter, only how few events pass it (values before keys, then long literals).
    /// </summary>
    public static Literal[]? BestClause(ConditionSyntax condition) =>
        Clauses(condition)
            .Where(static c => c.Length > 0 && Array.TrueForAll(c, static r => r.Text.Length > 0))
            .OrderByDescending(static c => (Array.TrueForAll(c, static r => r.IsKey) ? 0 : 1 << 16) + (c.Min(static r => r.Text.Length) * 16 / c.Length))
            .Select(static c => c.Select(static r => new Literal(r.Text)).ToArray())
            .FirstOrDefault(static c => Array.TrueForAll(c, static l => !l.ContainsReplacementChar));

    private static List<Required[]> Clauses(ConditionSyntax condition)
    {
        switch (condition)
        {
            case AndSyntax conjunction:
                return [.. conjunction.Operands.SelectMany(Clauses)];
            case OrSyntax disjunction:
                // One of the operands' most selective clauses is required; so is every clause all operands share.
                var any = new List<Required>();
                List<Required[]>? shared = null;
                foreach (var operand in disjunction.Operands)
                {
                    var clauses = Clauses(operand).Where(static c => Array.TrueForAll(c, static r => r.Text.Length > 0)).ToList();
                    if (clauses.Count == 0)
                    {
                        return [];
                    }

                    any.AddRange(clauses.MaxBy(Selectivity)!);
                    shared = shared is null ? clauses : [.. shared.Where(c => clauses.Exists(o => o.SequenceEqual(c)))];
                }

                return [[.. any.Distinct()], .. shared ?? []];
            case JsonComparisonSyntax comparison:
                var keys = Keys(comparison.Selector);
                if (comparison.Operator == ComparisonOperator.Equal && comparison.Value is StringValueSyntax { Literal.Length: > 0 } text)
                {
                    keys.Add([new Required(ValueText(text), IsKey: false)]);
                }

                return keys;
            case JsonIsSyntax isTest:
                return Keys(isTest.Selector);
            default:
                // NOT EXISTS requires nothing.
                return [];
        }
    }

    private static List<Required[]> Keys(SelectorSyntax selector) =>
        [.. selector.Steps.Where(static s => s.Kind == SelectorStepKind.Property && !string.IsNullOrEmpty(s.Name))
            .Select(static s => new[] { new Required(NeedsEscape(s.Name!) ? string.Empty : Quoted(s.Name!, leading: true, trailing: true), IsKey: true) })];

    // As it appears in an event without escapes: a string's content between quotes, or a number's text. A value
    // made only of characters a JSON number can contain might be (part of) a number's text, so it gets no quotes.
    private static string ValueText(StringValueSyntax value)
    {
        var literal = value.Literal;
        if (NeedsEscape(literal))
        {
            return string.Empty;
        }

        if (!literal.AsSpan().ContainsAnyExcept(s_numberCharacters))
        {
            return literal;
        }

        return Quoted(literal, leading: !value.LeadingWildcard, trailing: !value.TrailingWildcard);
    }

    // perf: the runtime's IndexOf anchors on a literal's first byte, and '"' is the commonest byte of JSON. Measured on
    // CloudTrail: "ConsoleLogin" 84 ns an event, ConsoleLogin" 56 ns; but "errorCode" 58 ns, errorCode" 67 ns (a
    // lowercase first letter is commoner still). So the opening quote is kept only before a lowercase letter.
    private static string Quoted(string text, bool leading, bool trailing) =>
        (leading && char.IsAsciiLetterLower(text[0]) ? "\"" : string.Empty) + text + (trailing ? "\"" : string.Empty);

    private static bool NeedsEscape(string text) =>
        text.Contains('"', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal) || text.Any(char.IsControl);

    /// <summary>
    /// Which clause to check first: one literal (a single vectorized IndexOf) before several (a multi-literal pass,
    /// measured 4 times slower on CloudTrail), then values before keys (events of one log group share their keys more
    /// than their values), then long literals.
    /// </summary>
    private static int Selectivity(Required[] clause) =>
        (clause.Length == 1 ? 1 << 20 : 0) - clause.Length +
        (Array.TrueForAll(clause, static r => r.IsKey) ? 0 : 1 << 16) + clause.Min(static r => r.Text.Length);

    /// <summary>A literal the event must contain: a quoted key or a value's text. Empty when none can be required.</summary>
    private readonly record struct Required(string Text, bool IsKey);
}
