using System.Collections;
using FilterPatterns.Matching.Sets;

namespace FilterPatterns;

/// <summary>
/// Many patterns evaluated over each event at once — the metric filters (up to 100) and subscription filters (up to 2)
/// of one log group — sharing the work: all text terms are found in one multi-literal pass, all JSON selectors in one
/// tokenizer pass (skipped when every pattern's literal pre-check fails), and the fields of all space-delimited
/// patterns are split once. The answers are exactly those of each pattern's own <see cref="FilterPattern.IsMatch(ReadOnlySpan{byte})"/>.
/// Immutable and thread-safe; evaluation never allocates for typical sizes (large scratch comes from the shared pool).
/// </summary>
public sealed class FilterPatternSet : IReadOnlyList<FilterPattern>
{
    private readonly FilterPattern[] _patterns;
    private readonly PatternSetEvaluator _evaluator;

    /// <summary>Compiles the set.</summary>
    /// <param name="patterns">The patterns; their order is the order of the results.</param>
    public FilterPatternSet(IEnumerable<FilterPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        _patterns = [.. patterns];
        foreach (var pattern in _patterns)
        {
            ArgumentNullException.ThrowIfNull(pattern, nameof(patterns));
        }

        _evaluator = new PatternSetEvaluator(_patterns);
    }

    /// <summary>The number of patterns.</summary>
    public int Count => _patterns.Length;

    /// <summary>The pattern at <paramref name="index"/>.</summary>
    public FilterPattern this[int index] => _patterns[index];

    /// <summary>Matches every pattern against the UTF-8 event; <c>results[i]</c> receives pattern i's answer.</summary>
    /// <param name="utf8Message">The log event message, UTF-8 encoded.</param>
    /// <param name="results">At least <see cref="Count"/> entries.</param>
    /// <returns>How many patterns matched.</returns>
    public int IsMatch(ReadOnlySpan<byte> utf8Message, Span<bool> results)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(results.Length, _patterns.Length, nameof(results));
        return _evaluator.Evaluate(utf8Message, results);
    }

    /// <summary>Matches every pattern against the UTF-16 event; <c>results[i]</c> receives pattern i's answer.</summary>
    /// <param name="message">The log event message.</param>
    /// <param name="results">At least <see cref="Count"/> entries.</param>
    /// <returns>How many patterns matched.</returns>
    public int IsMatch(ReadOnlySpan<char> message, Span<bool> results)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(results.Length, _patterns.Length, nameof(results));
        return _evaluator.Evaluate(message, results);
    }

    /// <inheritdoc />
    public IEnumerator<FilterPattern> GetEnumerator() => ((IEnumerable<FilterPattern>)_patterns).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _patterns.GetEnumerator();
}
