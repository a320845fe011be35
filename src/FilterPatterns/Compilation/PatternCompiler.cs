using System.Collections.Immutable;
using FilterPatterns.Internal;
using FilterPatterns.Matching;
using FilterPatterns.Matching.Delimited;
using FilterPatterns.Matching.Json;
using FilterPatterns.Matching.Text;
using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Compilation;

/// <summary>
/// Turns a syntax tree into the matcher for its shape. Passes, in order:
/// <list type="number">
/// <item>normalize: drop blank terms, drop <c>?</c> terms when plain or <c>-</c> terms are present (AWS ignores them), and drop duplicate terms;</item>
/// <item>compile regular expressions once (one with more than <see cref="RegexNfa.MaxPositions"/> character positions once its repetitions are written out is a <see cref="FilterPatternError.RegexTooComplex"/> error);</item>
/// <item>emit the matcher for the family: text, regex, JSON (a selector trie and an and/or tree) or space-delimited (field slots).</item>
/// </list>
/// </summary>
internal static class PatternCompiler
{
    public static Matcher Compile(string pattern, PatternSyntax syntax, FilterPatternOptions options) => syntax switch
    {
        TextPatternSyntax text => CompileText(text),
        RegexPatternSyntax regex => new RegexMatcher(CompileRegex(pattern, regex.Regex)),
        JsonPatternSyntax json => CompileJson(pattern, json, options),
        DelimitedPatternSyntax delimited => CompileDelimited(pattern, delimited),
        _ => throw new InvalidOperationException($"Unknown pattern node {syntax.GetType().Name}."),
    };

    // ---------------------------------------------------------------- text

    private static Matcher CompileText(TextPatternSyntax text)
    {
        var (required, excluded, optional) = TextTerms(text);
        if (required.Length + excluded.Length + optional.Length == 0)
        {
            return MatchAllMatcher.Instance;
        }

        static Literal[] Literals(string[] terms) => [.. terms.Select(static t => new Literal(t))];
        return new TextMatcher(Literals(required), Literals(excluded), Literals(optional));
    }

    /// <summary>
    /// The terms that decide a text pattern: blank terms dropped, "?" terms dropped when plain or "-" terms are present
    /// (AWS: "?" cannot be combined with include/exclude terms; if it is, every "?" term is ignored), duplicates dropped.
    /// </summary>
    internal static (string[] Required, string[] Excluded, string[] Optional) TextTerms(TextPatternSyntax text)
    {
        var terms = text.Terms.AsImmutableArray().Where(static t => !t.IsBlank).ToList();
        var hasPlain = terms.Exists(static t => t.Role != TermRole.Optional);
        string[] Select(TermRole role) => [.. terms.Where(t => t.Role == role).Select(static t => t.Text).Distinct(StringComparer.Ordinal)];
        return (Select(TermRole.Required), Select(TermRole.Excluded), hasPlain ? [] : Select(TermRole.Optional));
    }

    // ---------------------------------------------------------------- regex

    private static CompiledRegex CompileRegex(string pattern, RegexSyntax regex)
    {
        var compiled = CompiledRegex.TryCreate(regex.Tree);
        if (compiled is null)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.RegexTooComplex, pattern, regex.Span.Start, regex.Span.Length,
                $"the regular expression has more than {RegexNfa.MaxPositions} character positions once its repetitions are written out (x{{m,n}} counts n); simplify its repetitions");
        }

        return compiled;
    }

    // ---------------------------------------------------------------- JSON

    private static JsonMatcher CompileJson(string pattern, JsonPatternSyntax json, FilterPatternOptions options)
    {
        var leaves = new List<(SelectorSyntax, JsonLeaf)>();
        var condition = CompileJsonCondition(pattern, json.Condition, leaves);

        return new JsonMatcher(JsonPathTrie.Build(leaves), () => CompileJsonExtraction(leaves), condition, options.MaxJsonDepth,
            JsonPrefilterBuilder.Build(json.Condition));
    }

    // Extraction captures the last value of every selector without wildcards, keyed by its canonical text.
    private static JsonExtraction CompileJsonExtraction(List<(SelectorSyntax, JsonLeaf)> leaves)
    {
        var extractionLeaves = new List<(SelectorSyntax, JsonLeaf)>(leaves);
        var captures = new List<(string, int)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (selector, _) in leaves)
        {
            var key = SyntaxPrinter.Print(selector);
            if (!selector.HasWildcard && seen.Add(key))
            {
                var capture = new JsonLeaf(JsonLeafKind.Capture, leaves.Count + captures.Count);
                extractionLeaves.Add((selector, capture));
                captures.Add((key, capture.Index));
            }
        }

        return new JsonExtraction(JsonPathTrie.Build(extractionLeaves), [.. captures]);
    }

    /// <summary>
    /// Compiles a JSON condition, appending its leaves (numbered from <c>leaves.Count</c>) to <paramref name="leaves"/>.
    /// With <paramref name="shared"/> (pattern sets), a leaf identical to one compiled before (same canonical text)
    /// reuses it: a set's patterns often repeat <c>$.eventName = "..."</c>, and each leaf costs every event a state update.
    /// </summary>
    internal static Condition CompileJsonCondition(string pattern, ConditionSyntax syntax, List<(SelectorSyntax, JsonLeaf)> leaves, Dictionary<string, int>? shared = null)
    {
        switch (syntax)
        {
            case AndSyntax conjunction:
                return new Condition.And([.. conjunction.Operands.AsImmutableArray().Select(o => CompileJsonCondition(pattern, o, leaves, shared))]);
            case OrSyntax disjunction:
                return new Condition.Or([.. disjunction.Operands.AsImmutableArray().Select(o => CompileJsonCondition(pattern, o, leaves, shared))]);
        }

        // NOT EXISTS is the negation of an Exists leaf; every other leaf is used as it is.
        var negated = syntax is JsonNotExistsSyntax;
        var key = shared is null ? null : SyntaxPrinter.Print(new JsonPatternSyntax(syntax, syntax.Span));
        if (key is not null && shared!.TryGetValue(key, out var existing))
        {
            return new Condition.Leaf(existing, negated);
        }

        var index = leaves.Count;
        if (key is not null)
        {
            shared![key] = index;
        }

        var (selector, leaf) = syntax switch
        {
            JsonComparisonSyntax c => (c.Selector, new JsonLeaf(JsonLeafKind.Compare, index, ValueTest.Create(c.Operator, c.Value, r => CompileRegex(pattern, r)))),
            JsonIsSyntax { Literal: JsonLiteral.True } i => (i.Selector, new JsonLeaf(JsonLeafKind.IsTrue, index)),
            JsonIsSyntax { Literal: JsonLiteral.False } i => (i.Selector, new JsonLeaf(JsonLeafKind.IsFalse, index)),
            JsonIsSyntax i => (i.Selector, new JsonLeaf(JsonLeafKind.IsNull, index)),
            JsonNotExistsSyntax n => (n.Selector, new JsonLeaf(JsonLeafKind.Exists, index)),
            _ => throw new InvalidOperationException($"Unexpected condition node {syntax.GetType().Name} in a JSON pattern."),
        };
        leaves.Add((selector, leaf));
        return new Condition.Leaf(index, negated);
    }

    // ---------------------------------------------------------------- space-delimited

    private static DelimitedMatcher CompileDelimited(string pattern, DelimitedPatternSyntax delimited)
    {
        var fields = delimited.Fields.AsImmutableArray();
        if (fields.IsEmpty)
        {
            // "[]" matches every event and extracts all of its fields.
            return new DelimitedMatcher([], [], hasEllipsis: true);
        }

        var ellipsis = -1;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] is EllipsisFieldSyntax)
            {
                ellipsis = i;
            }
        }

        var slots = fields.Select(f => f is EllipsisFieldSyntax ? null : CompileSlot(pattern, f)).ToArray();
        return ellipsis < 0
            ? new DelimitedMatcher(slots!, [], hasEllipsis: false)
            : new DelimitedMatcher(slots[..ellipsis]!, slots[(ellipsis + 1)..]!, hasEllipsis: true);
    }

    private static FieldSlot CompileSlot(string pattern, FieldSyntax field)
    {
        if (field is not NamedFieldSyntax named)
        {
            return new FieldSlot(null, null, []);
        }

        if (named.Condition is null)
        {
            return new FieldSlot(named.Name, null, []);
        }

        var tests = new List<ValueTest>();
        var condition = CompileFieldCondition(pattern, named.Condition, tests);
        return new FieldSlot(named.Name, condition, [.. tests]);
    }

    private static Condition CompileFieldCondition(string pattern, ConditionSyntax syntax, List<ValueTest> tests)
    {
        switch (syntax)
        {
            case AndSyntax conjunction:
                return new Condition.And([.. conjunction.Operands.AsImmutableArray().Select(o => CompileFieldCondition(pattern, o, tests))]);
            case OrSyntax disjunction:
                return new Condition.Or([.. disjunction.Operands.AsImmutableArray().Select(o => CompileFieldCondition(pattern, o, tests))]);
            case FieldComparisonSyntax comparison:
                tests.Add(ValueTest.Create(comparison.Operator, comparison.Value, r => CompileRegex(pattern, r)));
                return new Condition.Leaf(tests.Count - 1, negated: false);
            default:
                throw new InvalidOperationException($"Unexpected condition node {syntax.GetType().Name} in a space-delimited pattern.");
        }
    }
}
