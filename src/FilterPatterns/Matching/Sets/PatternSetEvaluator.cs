using System.Numerics;
using System.Runtime.InteropServices;
using FilterPatterns.Compilation;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Delimited;
using FilterPatterns.Matching.Json;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Matching.Sets;

/// <summary>
/// Evaluates many patterns over one event, sharing the work within each family (<see cref="TextGroup"/>,
/// <see cref="JsonGroup"/>, <see cref="DelimitedGroup"/>); regular expressions and the few patterns a group cannot take
/// (a term containing U+FFFD, more required terms than <see cref="TextGroup.MaxRequiredTerms"/>) are matched one by one.
/// </summary>
internal sealed class PatternSetEvaluator
{
    private readonly TextGroup[] _text;
    private readonly JsonGroup? _json;
    private readonly DelimitedGroup? _delimited;
    private readonly (int Slot, Matcher Matcher)[] _singles;
    private readonly int[] _matchAll;

    public PatternSetEvaluator(IReadOnlyList<FilterPattern> patterns)
    {
        var text = new List<(int, string[], string[], string[])>();
        var jsonLeaves = new List<(SelectorSyntax, JsonLeaf)>();
        var sharedJsonLeaves = new Dictionary<string, int>(StringComparer.Ordinal);
        var json = new List<(int, Condition, Literal[]?)>();
        var delimited = new List<(int, DelimitedMatcher)>();
        var singles = new List<(int, Matcher)>();
        var matchAll = new List<int>();
        var maxJsonDepth = 1;
        for (var slot = 0; slot < patterns.Count; slot++)
        {
            var pattern = patterns[slot];
            switch (pattern.Syntax)
            {
                case TextPatternSyntax when pattern.Matcher is MatchAllMatcher:
                    matchAll.Add(slot);
                    break;
                case TextPatternSyntax syntax:
                    var (required, excluded, optional) = PatternCompiler.TextTerms(syntax);
                    if (required.Length > TextGroup.MaxRequiredTerms ||
                        required.Concat(excluded).Concat(optional).Any(static t => t.Contains('\uFFFD', StringComparison.Ordinal)))
                    {
                        singles.Add((slot, pattern.Matcher));
                    }
                    else
                    {
                        text.Add((slot, required, excluded, optional));
                    }

                    break;
                case JsonPatternSyntax syntax:
                    json.Add((slot, PatternCompiler.CompileJsonCondition(pattern.Text, syntax.Condition, jsonLeaves, sharedJsonLeaves), JsonPrefilterBuilder.BestClause(syntax.Condition)));
                    maxJsonDepth = Math.Max(maxJsonDepth, pattern.Options.MaxJsonDepth);
                    break;
                case DelimitedPatternSyntax when pattern.Matcher is DelimitedMatcher matcher:
                    delimited.Add((slot, matcher));
                    break;
                default:
                    singles.Add((slot, pattern.Matcher));
                    break;
            }
        }

        _text = [.. TextGroup.CreateGroups(text)];
        _json = json.Count > 0 ? JsonGroup.Create(JsonPathTrie.Build(jsonLeaves), json, maxJsonDepth) : null;
        _delimited = delimited.Count > 0 ? new DelimitedGroup(delimited) : null;
        _singles = [.. singles];
        _matchAll = [.. matchAll];
    }

    /// <summary>Writes every pattern's answer into <paramref name="results"/>; returns how many matched.</summary>
    public int Evaluate<T>(ReadOnlySpan<T> text, Span<bool> results)
        where T : unmanaged, IBinaryInteger<T>
    {
        var matched = _matchAll.Length;
        foreach (var slot in _matchAll)
        {
            results[slot] = true;
        }

        foreach (var group in _text)
        {
            matched += group.Evaluate(text, results);
        }

        if (_json is not null)
        {
            matched += _json.Evaluate(text, results);
        }

        if (_delimited is not null)
        {
            matched += _delimited.Evaluate(text, results);
        }

        foreach (var (slot, matcher) in _singles)
        {
            var match = typeof(T) == typeof(byte)
                ? matcher.IsMatch(MemoryMarshal.Cast<T, byte>(text))
                : matcher.IsMatch(MemoryMarshal.Cast<T, char>(text));
            results[slot] = match;
            matched += match ? 1 : 0;
        }

        return matched;
    }
}
