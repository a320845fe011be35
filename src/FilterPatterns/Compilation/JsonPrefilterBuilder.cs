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

    public static JsonPrefilter? Build(ConditionSyntax condition) =>
        Plan(condition) is { Clauses.Length: > 0 } plan ? new JsonPrefilter(plan.Clauses, plan.AfterFirst) : null;

    /// <summary>The clauses <see cref="Build"/> checks, most selective first.</summary>
    internal static Literal[][] Choose(ConditionSyntax condition) => Plan(condition).Clauses;

    /// <summary>
    /// The clauses <see cref="Build"/> checks, most selective first, and for each whether it can be looked for after the
    /// first clause's first occurrence only: when the first clause is one key and every literal of this one is the value
    /// of a member with that name (in JSON a member's value follows its name, and a name holds the key's literal, so the
    /// first occurrence of the literal is at or before every name). perf: for an OR of <c>$.eventName</c> values, whose
    /// name is mid-record in CloudTrail, the values' search then skips the record's first part (16 values over 20,000
    /// records: 3.74–3.91 to 3.42–3.45 ms in-process; CIS 3.1, whose values follow <c>"errorCode"</c> closely, is
    /// unchanged).
    /// </summary>
    internal static (Literal[][] Clauses, bool[] AfterFirst) Plan(ConditionSyntax condition)
    {
        var clauses = UsableClauses(condition);
        var chosen = new List<Literal[]>(MaxClauses);
        var required = new List<Required[]>(MaxClauses);
        while (chosen.Count < MaxClauses && clauses.Count > 0)
        {
            // Highest selectivity first, ties in the pattern's order (what a stable sort would give).
            var best = 0;
            for (var i = 1; i < clauses.Count; i++)
            {
                if (Selectivity(clauses[i]) > Selectivity(clauses[best]))
                {
                    best = i;
                }
            }

            chosen.Add(ToLiterals(clauses[best]));
            required.Add(clauses[best]);
            clauses.RemoveAt(best);
        }

        var afterFirst = new bool[chosen.Count];
        if (required is [[{ IsKey: true } key], ..])
        {
            for (var c = 1; c < required.Count; c++)
            {
                afterFirst[c] = Array.TrueForAll(required[c], r => !r.IsKey && r.After == key.Text);
            }
        }

        return ([.. chosen], afterFirst);
    }

    /// <summary>
    /// The most selective clause alone, for pattern sets: they search the clauses of all their patterns in one pass, so
    /// cost per clause does not matter, only how few events pass it (values before keys, then long literals).
    /// </summary>
    public static Literal[]? BestClause(ConditionSyntax condition)
    {
        Required[]? best = null;
        var bestRank = 0;
        foreach (var clause in UsableClauses(condition))
        {
            // A literal with U+FFFD would need the event normalized first: a set's shared search cannot do that.
            var rank = (Array.TrueForAll(clause, static r => r.IsKey) ? 0 : 1 << 16) + (MinLength(clause) * 16 / clause.Length);
            if ((best is null || rank > bestRank) && Array.TrueForAll(clause, static r => !r.Text.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                (best, bestRank) = (clause, rank);
            }
        }

        return best is null ? null : ToLiterals(best);
    }

    // perf: plain loops into one list (was LINQ with a list per node: a third of compiling a 1024-character pattern).
    private static List<Required[]> UsableClauses(ConditionSyntax condition)
    {
        var clauses = new List<Required[]>();
        AddClauses(condition, clauses);
        clauses.RemoveAll(static c => !IsUsable(c));
        return clauses;
    }

    // Every literal of a usable clause is known (a literal JSON would have to escape is required as empty: unknown).
    private static bool IsUsable(Required[] clause) => clause.Length > 0 && Array.TrueForAll(clause, static r => r.Text.Length > 0);

    private static Literal[] ToLiterals(Required[] clause) => Array.ConvertAll(clause, static r => new Literal(r.Text));

    private static void AddClauses(ConditionSyntax condition, List<Required[]> clauses)
    {
        switch (condition)
        {
            case AndSyntax conjunction:
                foreach (var operand in conjunction.Operands)
                {
                    AddClauses(operand, clauses);
                }

                break;
            case OrSyntax disjunction:
                AddDisjunctionClauses(disjunction, clauses);
                break;
            case JsonComparisonSyntax comparison:
                AddKeys(comparison.Selector, clauses);
                if (comparison.Operator == ComparisonOperator.Equal && comparison.Value is StringValueSyntax { Literal.Length: > 0 } text)
                {
                    clauses.Add([new Required(ValueText(text), IsKey: false, LastKey(comparison.Selector))]);
                }

                break;
            case JsonIsSyntax isTest:
                AddKeys(isTest.Selector, clauses);
                break;
            default:
                // NOT EXISTS requires nothing.
                break;
        }
    }

    // One of the operands' most selective clauses is required; so is every clause all operands share.
    private static void AddDisjunctionClauses(OrSyntax disjunction, List<Required[]> clauses)
    {
        var any = new List<Required>();
        List<Required[]>? shared = null;
        foreach (var operand in disjunction.Operands)
        {
            var operandClauses = new List<Required[]>();
            AddClauses(operand, operandClauses);
            operandClauses.RemoveAll(static c => !IsUsable(c));
            if (operandClauses.Count == 0)
            {
                // An operand that requires nothing: neither does the disjunction.
                return;
            }

            var best = operandClauses[0];
            foreach (var clause in operandClauses)
            {
                if (Selectivity(clause) > Selectivity(best))
                {
                    best = clause;
                }
            }

            foreach (var required in best)
            {
                // The same literal under two names follows neither for certain.
                var same = any.FindIndex(r => r.Text == required.Text && r.IsKey == required.IsKey);
                if (same < 0)
                {
                    any.Add(required);
                }
                else if (any[same].After != required.After)
                {
                    any[same] = any[same] with { After = null };
                }
            }

            shared = shared is null ? operandClauses : shared.FindAll(c => operandClauses.Exists(o => SameLiterals(o, c)));
        }

        clauses.Add([.. any]);

        // A clause every operand requires may hold values of different names in different operands: it follows none.
        foreach (var clause in shared ?? [])
        {
            clauses.Add(Array.ConvertAll(clause, static r => r with { After = null }));
        }
    }

    private static bool SameLiterals(Required[] a, Required[] b) =>
        a.Length == b.Length && a.AsSpan().SequenceEqual(b, RequiredLiteral.Instance);

    /// <summary>Compares what two required literals require, not which key a value follows.</summary>
    private sealed class RequiredLiteral : IEqualityComparer<Required>
    {
        public static readonly RequiredLiteral Instance = new();

        public bool Equals(Required x, Required y) => x.Text == y.Text && x.IsKey == y.IsKey;

        public int GetHashCode(Required obj) => HashCode.Combine(obj.Text, obj.IsKey);
    }

    private static void AddKeys(SelectorSyntax selector, List<Required[]> clauses)
    {
        foreach (var step in selector.Steps)
        {
            if (step.Kind == SelectorStepKind.Property && !string.IsNullOrEmpty(step.Name))
            {
                clauses.Add([new Required(KeyText(step.Name), IsKey: true)]);
            }
        }
    }

    private static string KeyText(string name) => NeedsEscape(name) ? string.Empty : Quoted(name, leading: true, trailing: true);

    // The key literal of the selector's last named step, which a value it selects follows in the text (inside that
    // member's value); null when there is none.
    private static string? LastKey(SelectorSyntax selector)
    {
        for (var i = selector.Steps.Count - 1; i >= 0; i--)
        {
            var step = selector.Steps[i];
            if (step.Kind == SelectorStepKind.Property && !string.IsNullOrEmpty(step.Name))
            {
                return KeyText(step.Name) is { Length: > 0 } key ? key : null;
            }
        }

        return null;
    }

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

    private static bool NeedsEscape(string text)
    {
        foreach (var c in text)
        {
            if (c is '"' or '\\' || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Which clause to check first: one literal (a single vectorized IndexOf) before several (a multi-literal pass,
    /// measured 4 times slower on CloudTrail), then values before keys (events of one log group share their keys more
    /// than their values), then long literals.
    /// </summary>
    private static int Selectivity(Required[] clause) =>
        (clause.Length == 1 ? 1 << 20 : 0) - clause.Length +
        (Array.TrueForAll(clause, static r => r.IsKey) ? 0 : 1 << 16) + MinLength(clause);

    private static int MinLength(Required[] clause)
    {
        var min = int.MaxValue;
        foreach (var required in clause)
        {
            min = Math.Min(min, required.Text.Length);
        }

        return min;
    }

    /// <summary>
    /// A literal the event must contain: a quoted key or a value's text. Empty when none can be required. For a value,
    /// the key literal it follows (see <see cref="Plan"/>), or null.
    /// </summary>
    private readonly record struct Required(string Text, bool IsKey, string? After = null);
}
