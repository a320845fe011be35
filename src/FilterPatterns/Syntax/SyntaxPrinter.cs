using System.Globalization;
using System.Text;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Syntax;

/// <summary>
/// Prints a syntax tree as canonical pattern text: single spaces, quotes only where needed for terms, always for
/// string values, no redundant parentheses. Parsing the output gives an equal tree.
/// </summary>
internal static class SyntaxPrinter
{
    public static string Print(PatternSyntax pattern)
    {
        var builder = new StringBuilder();
        Print(builder, pattern);
        return builder.ToString();
    }

    public static string Print(SelectorSyntax selector)
    {
        var builder = new StringBuilder();
        PrintSelector(builder, selector);
        return builder.ToString();
    }

    private static void Print(StringBuilder builder, PatternSyntax pattern)
    {
        switch (pattern)
        {
            case TextPatternSyntax text:
                for (var i = 0; i < text.Terms.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(' ');
                    }

                    PrintTerm(builder, text.Terms[i]);
                }

                break;
            case RegexPatternSyntax regex:
                PrintRegex(builder, regex.Regex);
                break;
            case JsonPatternSyntax json:
                builder.Append("{ ");
                PrintCondition(builder, json.Condition, parentIsAnd: false);
                builder.Append(" }");
                break;
            case DelimitedPatternSyntax delimited:
                PrintDelimited(builder, delimited);
                break;
            default:
                throw new InvalidOperationException($"Unknown pattern node {pattern.GetType().Name}.");
        }
    }

    private static void PrintTerm(StringBuilder builder, TermSyntax term)
    {
        builder.Append(term.Role switch
        {
            TermRole.Optional => "?",
            TermRole.Excluded => "-",
            _ => string.Empty,
        });
        if (SyntaxFacts.IsWord(term.Text))
        {
            builder.Append(term.Text);
        }
        else
        {
            PrintQuoted(builder, term.Text, leadingStar: false, trailingStar: false);
        }
    }

    private static void PrintQuoted(StringBuilder builder, string text, bool leadingStar, bool trailingStar)
    {
        builder.Append('"');
        if (leadingStar)
        {
            builder.Append('*');
        }

        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        if (trailingStar)
        {
            builder.Append('*');
        }

        builder.Append('"');
    }

    private static void PrintRegex(StringBuilder builder, RegexSyntax regex) =>
        builder.Append('%').Append(regex.Tree.Source).Append('%');

    private static void PrintCondition(StringBuilder builder, ConditionSyntax condition, bool parentIsAnd)
    {
        switch (condition)
        {
            case AndSyntax conjunction:
                for (var i = 0; i < conjunction.Operands.Count; i++)
                {
                    builder.Append(i > 0 ? " && " : string.Empty);
                    PrintCondition(builder, conjunction.Operands[i], parentIsAnd: true);
                }

                break;
            case OrSyntax disjunction:
                // && binds tighter than ||, so an OR inside an AND needs parentheses.
                builder.Append(parentIsAnd ? "(" : string.Empty);
                for (var i = 0; i < disjunction.Operands.Count; i++)
                {
                    builder.Append(i > 0 ? " || " : string.Empty);
                    PrintCondition(builder, disjunction.Operands[i], parentIsAnd: false);
                }

                builder.Append(parentIsAnd ? ")" : string.Empty);
                break;
            case JsonComparisonSyntax comparison:
                PrintSelector(builder, comparison.Selector);
                builder.Append(' ').Append(Operators.Text(comparison.Operator)).Append(' ');
                PrintValue(builder, comparison.Value);
                break;
            case JsonIsSyntax isTest:
                PrintSelector(builder, isTest.Selector);
                builder.Append(isTest.Literal switch
                {
                    JsonLiteral.True => " IS TRUE",
                    JsonLiteral.False => " IS FALSE",
                    _ => " IS NULL",
                });
                break;
            case JsonNotExistsSyntax notExists:
                PrintSelector(builder, notExists.Selector);
                builder.Append(" NOT EXISTS");
                break;
            case FieldComparisonSyntax field:
                builder.Append(field.FieldName).Append(' ').Append(Operators.Text(field.Operator)).Append(' ');
                PrintValue(builder, field.Value);
                break;
            default:
                throw new InvalidOperationException($"Unknown condition node {condition.GetType().Name}.");
        }
    }

    private static void PrintSelector(StringBuilder builder, SelectorSyntax selector)
    {
        builder.Append('$');
        foreach (var step in selector.Steps)
        {
            switch (step.Kind)
            {
                case SelectorStepKind.Property when SyntaxFacts.IsName(step.Name):
                    builder.Append('.').Append(step.Name);
                    break;
                case SelectorStepKind.Property:
                    builder.Append(".['").Append(step.Name).Append("']");
                    break;
                case SelectorStepKind.Index:
                    builder.Append('[').Append(step.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
                case SelectorStepKind.AnyProperty:
                    builder.Append(".*");
                    break;
                case SelectorStepKind.AnyIndex:
                    builder.Append("[*]");
                    break;
            }
        }
    }

    private static void PrintValue(StringBuilder builder, ValueSyntax value)
    {
        switch (value)
        {
            case StringValueSyntax text:
                PrintQuoted(builder, text.Literal, text.LeadingWildcard, text.TrailingWildcard);
                break;
            case AnyValueSyntax:
                builder.Append('*');
                break;
            case NumberValueSyntax number:
                builder.Append(number.Text);
                break;
            case RegexValueSyntax regex:
                PrintRegex(builder, regex.Regex);
                break;
            default:
                throw new InvalidOperationException($"Unknown value node {value.GetType().Name}.");
        }
    }

    private static void PrintDelimited(StringBuilder builder, DelimitedPatternSyntax pattern)
    {
        builder.Append('[');
        for (var i = 0; i < pattern.Fields.Count; i++)
        {
            var field = pattern.Fields[i];
            if (field is UnnamedFieldSyntax)
            {
                // Only the trailing comma adds an unnamed field.
                builder.Append(',');
                continue;
            }

            builder.Append(i > 0 ? ", " : string.Empty);
            switch (field)
            {
                case EllipsisFieldSyntax:
                    builder.Append("...");
                    break;
                case NamedFieldSyntax { Condition: null } named:
                    builder.Append(named.Name);
                    break;
                case NamedFieldSyntax named:
                    PrintCondition(builder, named.Condition, parentIsAnd: false);
                    break;
            }
        }

        builder.Append(']');
    }
}
