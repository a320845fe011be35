using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Compilation;

/// <summary>Finds patterns that parse but do not do what they look like (grammar/README.md names each rule).</summary>
internal static class Linter
{
    public static IReadOnlyList<FilterPatternWarning> Lint(PatternSyntax syntax)
    {
        var warnings = new List<FilterPatternWarning>();
        switch (syntax)
        {
            case TextPatternSyntax text:
                LintText(text, warnings);
                break;
            case RegexPatternSyntax regex when regex.Regex.Tree.MatchesEverything:
                Add(warnings, FilterPatternWarningCode.RegexMatchesEverything, regex.Span,
                    "an alternative of the regular expression needs no character, so every event matches");
                break;
            case JsonPatternSyntax json:
                LintCondition(json.Condition, warnings);
                break;
            case DelimitedPatternSyntax delimited:
                LintDelimited(delimited, warnings);
                break;
        }

        return warnings.OrderBy(static w => w.Offset).ToList();
    }

    private static void LintText(TextPatternSyntax text, List<FilterPatternWarning> warnings)
    {
        var terms = text.Terms.AsImmutableArray();
        var real = terms.Where(static t => !t.IsBlank).ToList();
        if (real.Exists(static t => t.Role == TermRole.Optional) && real.Exists(static t => t.Role != TermRole.Optional))
        {
            foreach (var optional in real.Where(static t => t.Role == TermRole.Optional))
            {
                Add(warnings, FilterPatternWarningCode.OptionalTermsIgnored, optional.Span,
                    "AWS ignores every '?' term when the pattern also has plain or '-' terms; use only '?' terms for an OR, or write separate filters");
            }
        }

        if (real.Count > 0)
        {
            foreach (var blank in terms.Where(static t => t.IsBlank))
            {
                Add(warnings, FilterPatternWarningCode.BlankTermHasNoEffect, blank.Span,
                    "a blank term matches every event, so it changes nothing here");
            }
        }

        var seen = new HashSet<(TermRole, string)>();
        foreach (var term in real.Where(term => !seen.Add((term.Role, term.Text))))
        {
            Add(warnings, FilterPatternWarningCode.DuplicateTerm, term.Span, $"the term '{term.Text}' appears more than once");
        }

        var required = real.Where(static t => t.Role == TermRole.Required).ToList();
        foreach (var excluded in real.Where(static t => t.Role == TermRole.Excluded))
        {
            var clash = required.Find(r => r.Text.Contains(excluded.Text, StringComparison.Ordinal));
            if (clash is not null)
            {
                Add(warnings, FilterPatternWarningCode.NeverMatches, excluded.Span,
                    $"every event containing the required term '{clash.Text}' contains the excluded '{excluded.Text}': the pattern never matches");
            }
        }
    }

    private static void LintCondition(ConditionSyntax condition, List<FilterPatternWarning> warnings)
    {
        switch (condition)
        {
            case AndSyntax conjunction:
                foreach (var operand in conjunction.Operands)
                {
                    LintCondition(operand, warnings);
                }

                break;
            case OrSyntax disjunction:
                foreach (var operand in disjunction.Operands)
                {
                    LintCondition(operand, warnings);
                }

                break;
            case JsonComparisonSyntax comparison:
                LintValue(comparison.Operator, comparison.Value, json: true, warnings);
                break;
            case FieldComparisonSyntax field:
                LintValue(field.Operator, field.Value, json: false, warnings);
                break;
        }
    }

    private static void LintValue(ComparisonOperator op, ValueSyntax value, bool json, List<FilterPatternWarning> warnings)
    {
        switch (value)
        {
            case AnyValueSyntax when op == ComparisonOperator.NotEqual:
                Add(warnings, FilterPatternWarningCode.NotEqualsWildcard, value.Span, "'!= *' never holds: no value differs from 'anything'");
                break;
            case StringValueSyntax text when text.Literal.Contains('*', StringComparison.Ordinal):
                Add(warnings, FilterPatternWarningCode.InteriorStarIsLiteral, value.Span,
                    "only a leading or trailing '*' is a wildcard; this interior '*' matches a literal star");
                break;
            case StringValueSyntax { LeadingWildcard: false, TrailingWildcard: false } text when NumberSyntax.TryParse(text.Literal, out _):
                Add(warnings, FilterPatternWarningCode.QuotedNumberComparedAsString, value.Span,
                    $"the quoted \"{text.Literal}\" is compared as a string; write {text.Literal} unquoted to compare numbers");
                break;
            case StringValueSyntax { LeadingWildcard: false, TrailingWildcard: false, Literal: "true" or "false" or "null" } text when json:
                Add(warnings, FilterPatternWarningCode.LiteralComparedAsString, value.Span,
                    $"'{text.Literal}' is compared as a string and never equals the JSON literal; write IS {text.Literal.ToUpperInvariant()}");
                break;
            case RegexValueSyntax regex when regex.Regex.Tree.MatchesEverything:
                Add(warnings, FilterPatternWarningCode.RegexMatchesEverything, value.Span,
                    "an alternative of the regular expression needs no character, so it holds for every value");
                break;
        }
    }

    private static void LintDelimited(DelimitedPatternSyntax delimited, List<FilterPatternWarning> warnings)
    {
        var fields = delimited.Fields.AsImmutableArray();
        if (fields.Length > 0 && !fields.Any(static f => f is EllipsisFieldSyntax))
        {
            Add(warnings, FilterPatternWarningCode.ExactFieldCount, delimited.Span,
                $"without '...' the pattern only matches events with exactly {fields.Length} field(s); add '...' to allow more");
        }

        foreach (var field in fields.OfType<NamedFieldSyntax>())
        {
            if (field.Condition is not null)
            {
                LintCondition(field.Condition, warnings);
            }
        }
    }

    private static void Add(List<FilterPatternWarning> warnings, FilterPatternWarningCode code, SourceSpan span, string message) =>
        warnings.Add(new FilterPatternWarning(code, span.Start, span.Length, message));
}
