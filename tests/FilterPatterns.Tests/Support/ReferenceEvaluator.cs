using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;
using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Tests.Support;

/// <summary>
/// The test oracle: a deliberately simple evaluator that interprets the syntax tree directly over a .NET string, written
/// from the semantics in grammar/README.md and sharing no code with the compiled matchers (its own JSON parser, its own
/// backtracking regex interpreter, its own field splitter). Slow and obviously correct is the point.
/// </summary>
internal static partial class ReferenceEvaluator
{
    public static bool IsMatch(FilterPattern pattern, string message) => Evaluate(pattern, message).IsMatch;

    /// <summary>Whether the event matches, and the extracted values (null when it does not match).</summary>
    public static (bool IsMatch, Dictionary<string, string>? Extracted) Evaluate(FilterPattern pattern, string message)
    {
        // The event is read as Unicode text: an unpaired surrogate reads as U+FFFD (as encoding to UTF-8 does).
        var text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(message));
        return pattern.Syntax switch
        {
            TextPatternSyntax t => (Text(t, text), t.Kind == FilterPatternKind.MatchAll || Text(t, text) ? [] : null),
            RegexPatternSyntax r => Regex(r.Regex.Tree, text) ? (true, []) : (false, null),
            JsonPatternSyntax j => Json(j, text, pattern.Options.MaxJsonDepth),
            DelimitedPatternSyntax d => Delimited(d, text),
            _ => throw new InvalidOperationException(),
        };
    }

    // ------------------------------------------------------------------ text

    private static bool Text(TextPatternSyntax pattern, string text)
    {
        var terms = pattern.Terms.Where(t => t.Text.Trim(' ', '\t', '\r', '\n').Length > 0).ToList();
        if (terms.Count == 0)
        {
            return true;
        }

        if (terms.Any(t => t.Role != TermRole.Optional))
        {
            return terms.Where(t => t.Role == TermRole.Required).All(t => text.Contains(t.Text, StringComparison.Ordinal))
                && !terms.Where(t => t.Role == TermRole.Excluded).Any(t => text.Contains(t.Text, StringComparison.Ordinal));
        }

        return terms.Any(t => text.Contains(t.Text, StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ regex: backtracking over code points

    public static bool Regex(RegexTree tree, string text)
    {
        var codePoints = text.EnumerateRunes().Select(r => r.Value).ToArray();
        for (var start = 0; start <= codePoints.Length; start++)
        {
            foreach (var branch in tree.Branches)
            {
                if (MatchPieces(branch.AsImmutableArray(), 0, codePoints, start))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool MatchPieces(System.Collections.Immutable.ImmutableArray<RegexPiece> pieces, int index, int[] text, int pos)
    {
        if (index == pieces.Length)
        {
            return true;
        }

        var piece = pieces[index];
        switch (piece.Kind)
        {
            case RegexAtomKind.Start:
                return pos == 0 && MatchPieces(pieces, index + 1, text, pos);
            case RegexAtomKind.End:
                return pos == text.Length && MatchPieces(pieces, index + 1, text, pos);
        }

        // Greedy: take as many as allowed, then back off.
        var max = piece.Max == RegexPiece.Unbounded ? int.MaxValue : piece.Max;
        var count = 0;
        while (count < max && pos + count < text.Length && piece.Set.Contains(text[pos + count]))
        {
            count++;
        }

        for (; count >= piece.Min; count--)
        {
            if (MatchPieces(pieces, index + 1, text, pos + count))
            {
                return true;
            }
        }

        return false;
    }

    // ------------------------------------------------------------------ values (shared by JSON and fields)

    [GeneratedRegex(@"^[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex NumberGrammar();

    private static double? AsNumber(string text) =>
        NumberGrammar().IsMatch(text) ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    /// <summary>A comparison against the text of a string or number value (or a field).</summary>
    private static bool Compare(ComparisonOperator op, ValueSyntax value, string text)
    {
        switch (value)
        {
            case AnyValueSyntax:
                return op == ComparisonOperator.Equal;
            case StringValueSyntax s:
                var hit = (s.LeadingWildcard, s.TrailingWildcard) switch
                {
                    (false, false) => text == s.Literal,
                    (false, true) => text.StartsWith(s.Literal, StringComparison.Ordinal),
                    (true, false) => text.EndsWith(s.Literal, StringComparison.Ordinal),
                    _ => text.Contains(s.Literal, StringComparison.Ordinal),
                };
                return hit != (op == ComparisonOperator.NotEqual);
            case NumberValueSyntax n:
                if (AsNumber(text) is not { } number)
                {
                    return false;
                }

                return op switch
                {
                    ComparisonOperator.Equal => number == n.Value,
                    ComparisonOperator.NotEqual => number != n.Value,
                    ComparisonOperator.LessThan => number < n.Value,
                    ComparisonOperator.GreaterThan => number > n.Value,
                    ComparisonOperator.LessThanOrEqual => number <= n.Value,
                    _ => number >= n.Value,
                };
            case RegexValueSyntax r:
                return Regex(r.Regex.Tree, text) != (op == ComparisonOperator.NotEqual);
            default:
                throw new InvalidOperationException();
        }
    }

    private static bool Condition(ConditionSyntax condition, Func<ConditionSyntax, bool> leaf) => condition switch
    {
        AndSyntax a => a.Operands.All(o => Condition(o, leaf)),
        OrSyntax o => o.Operands.Any(x => Condition(x, leaf)),
        _ => leaf(condition),
    };

    // ------------------------------------------------------------------ space-delimited

    public static List<string> SplitFields(string text)
    {
        var fields = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length)
            {
                return fields;
            }

            if (text[i] is '"' or '[')
            {
                var closeChar = text[i] == '"' ? '"' : ']';
                var close = text.IndexOf(closeChar, i + 1);
                if (close < 0)
                {
                    fields.Add(text[(i + 1)..]);
                    return fields;
                }

                fields.Add(text[(i + 1)..close]);
                i = close + 1;
                continue;
            }

            var end = text.IndexOf(' ', i);
            if (end < 0)
            {
                end = text.Length;
            }

            fields.Add(text[i..end]);
            i = end;
        }
    }

    private static (bool, Dictionary<string, string>?) Delimited(DelimitedPatternSyntax pattern, string text)
    {
        var fields = SplitFields(text);
        var slots = pattern.Fields.ToList();
        var ellipsis = slots.FindIndex(f => f is EllipsisFieldSyntax);
        List<FieldSyntax?> assignment;
        if (slots.Count == 0)
        {
            assignment = [.. fields.Select(_ => (FieldSyntax?)null)];
        }
        else if (ellipsis < 0)
        {
            if (fields.Count != slots.Count)
            {
                return (false, null);
            }

            assignment = [.. slots];
        }
        else
        {
            var before = slots.Take(ellipsis).ToList();
            var after = slots.Skip(ellipsis + 1).ToList();
            if (fields.Count < before.Count + after.Count)
            {
                return (false, null);
            }

            assignment = [.. before, .. Enumerable.Repeat<FieldSyntax?>(null, fields.Count - before.Count - after.Count), .. after];
        }

        for (var i = 0; i < fields.Count; i++)
        {
            if (assignment[i] is NamedFieldSyntax { Condition: { } condition } &&
                !Condition(condition, leaf => leaf is FieldComparisonSyntax c && Compare(c.Operator, c.Value, fields[i])))
            {
                return (false, null);
            }
        }

        var extracted = new Dictionary<string, string>();
        for (var i = 0; i < fields.Count; i++)
        {
            var key = assignment[i] is NamedFieldSyntax named ? "$" + named.Name : "$" + (i + 1).ToString(CultureInfo.InvariantCulture);
            extracted[key] = fields[i];
        }

        return (true, extracted);
    }

    // ------------------------------------------------------------------ JSON

    private static (bool, Dictionary<string, string>?) Json(JsonPatternSyntax pattern, string text, int maxDepth)
    {
        var root = JsonDom.TryParse(text, maxDepth);
        if (root is not JsonDom.Obj)
        {
            return (false, null);
        }

        var matched = Condition(pattern.Condition, leaf =>
        {
            switch (leaf)
            {
                case JsonComparisonSyntax c:
                    return Resolve(root, c.Selector).Any(n => n switch
                    {
                        JsonDom.Str s => Compare(c.Operator, c.Value, s.Value),
                        JsonDom.Num num => Compare(c.Operator, c.Value, num.Raw),
                        _ => false,
                    });
                case JsonIsSyntax i:
                    return Resolve(root, i.Selector).Any(n => i.Literal switch
                    {
                        JsonLiteral.True => n is JsonDom.Bool { Value: true },
                        JsonLiteral.False => n is JsonDom.Bool { Value: false },
                        _ => n is JsonDom.Null,
                    });
                case JsonNotExistsSyntax e:
                    return Resolve(root, e.Selector).Count == 0;
                default:
                    throw new InvalidOperationException();
            }
        });
        if (!matched)
        {
            return (false, null);
        }

        var extracted = new Dictionary<string, string>();
        foreach (var selector in Selectors(pattern.Condition).Where(s => !s.HasWildcard))
        {
            var nodes = Resolve(root, selector);
            var value = nodes.Count == 1 ? nodes[0] switch
            {
                JsonDom.Str s => s.Value,
                JsonDom.Num n => n.Raw,
                JsonDom.Bool b => b.Value ? "true" : "false",
                JsonDom.Null => "null",
                _ => null,
            } : null;
            if (value is not null)
            {
                extracted[SyntaxPrinter.Print(selector)] = value;
            }
        }

        return (true, extracted);
    }

    private static IEnumerable<SelectorSyntax> Selectors(ConditionSyntax condition) => condition switch
    {
        AndSyntax a => a.Operands.SelectMany(Selectors),
        OrSyntax o => o.Operands.SelectMany(Selectors),
        JsonComparisonSyntax c => [c.Selector],
        JsonIsSyntax i => [i.Selector],
        JsonNotExistsSyntax e => [e.Selector],
        _ => [],
    };

    /// <summary>A named step takes an object's last member of that name; a wildcard every member or element.</summary>
    private static List<JsonDom.Node> Resolve(JsonDom.Node root, SelectorSyntax selector)
    {
        var nodes = new List<JsonDom.Node> { root };
        foreach (var step in selector.Steps)
        {
            var next = new List<JsonDom.Node>();
            foreach (var node in nodes)
            {
                switch (step.Kind, node)
                {
                    case (SelectorStepKind.Property, JsonDom.Obj o):
                        var last = o.Members.LastOrDefault(m => m.Key == step.Name);
                        if (last.Value is not null)
                        {
                            next.Add(last.Value);
                        }

                        break;
                    case (SelectorStepKind.AnyProperty, JsonDom.Obj o):
                        next.AddRange(o.Members.Select(m => m.Value));
                        break;
                    case (SelectorStepKind.Index, JsonDom.Arr a) when step.Index < a.Items.Count:
                        next.Add(a.Items[step.Index]);
                        break;
                    case (SelectorStepKind.AnyIndex, JsonDom.Arr a):
                        next.AddRange(a.Items);
                        break;
                }
            }

            nodes = next;
        }

        return nodes;
    }
}
