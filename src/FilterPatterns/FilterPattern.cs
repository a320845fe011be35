using System.Diagnostics.CodeAnalysis;
using FilterPatterns.Compilation;
using FilterPatterns.Matching;
using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns;

/// <summary>
/// A parsed and compiled Amazon CloudWatch Logs filter pattern. Parse once, then call <see cref="IsMatch(ReadOnlySpan{byte})"/>
/// (UTF-8) or <see cref="IsMatch(ReadOnlySpan{char})"/> (UTF-16) for every event: matching never allocates and never throws.
/// Instances are immutable and safe to share between threads.
/// </summary>
/// <example>
/// <code>
/// var pattern = FilterPattern.Parse("{ $.eventType = \"UpdateTrail\" }");
/// bool hit = pattern.IsMatch("{\"eventType\":\"UpdateTrail\"}"u8);
/// </code>
/// </example>
public sealed class FilterPattern : IEquatable<FilterPattern>
{
    private readonly Matcher _matcher;
    private string? _canonical;

    private FilterPattern(string text, PatternSyntax syntax, Matcher matcher, FilterPatternOptions options)
    {
        Text = text;
        Syntax = syntax;
        _matcher = matcher;
        Options = options;
    }

    /// <summary>The pattern text as it was given to <see cref="Parse(string)"/>.</summary>
    public string Text { get; }

    /// <summary>Which family the pattern belongs to: match-all, text, regex, JSON or space-delimited.</summary>
    public FilterPatternKind Kind => Syntax.Kind;

    /// <summary>The options the pattern was parsed with.</summary>
    public FilterPatternOptions Options { get; }

    internal PatternSyntax Syntax { get; }

    internal Matcher Matcher => _matcher;

    /// <summary>Parses and compiles <paramref name="pattern"/> with AWS's limits.</summary>
    /// <param name="pattern">The filter pattern; the empty string matches every event.</param>
    /// <returns>The compiled pattern.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    /// <exception cref="FilterPatternException">AWS would reject the pattern (InvalidParameterException).</exception>
    public static FilterPattern Parse(string pattern) => Parse(pattern, FilterPatternOptions.Default);

    /// <summary>Parses and compiles <paramref name="pattern"/> with the given limits.</summary>
    /// <param name="pattern">The filter pattern; the empty string matches every event.</param>
    /// <param name="options">Limits to apply.</param>
    /// <returns>The compiled pattern.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="FilterPatternException">The pattern is rejected.</exception>
    public static FilterPattern Parse(string pattern, FilterPatternOptions options)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var syntax = Parser.Parse(pattern, options);
        var matcher = PatternCompiler.Compile(pattern, syntax, options);
        return new FilterPattern(pattern, syntax, matcher, options);
    }

    /// <summary>Parses <paramref name="pattern"/> without throwing.</summary>
    /// <param name="pattern">The filter pattern.</param>
    /// <param name="result">The compiled pattern, when it parses.</param>
    /// <returns>Whether the pattern parses.</returns>
    public static bool TryParse([NotNullWhen(true)] string? pattern, [NotNullWhen(true)] out FilterPattern? result) =>
        TryParse(pattern, FilterPatternOptions.Default, out result, out _);

    /// <summary>Parses <paramref name="pattern"/> without throwing, and says why it was rejected.</summary>
    /// <param name="pattern">The filter pattern.</param>
    /// <param name="options">Limits to apply.</param>
    /// <param name="result">The compiled pattern, when it parses.</param>
    /// <param name="error">Why the pattern was rejected, when it was.</param>
    /// <returns>Whether the pattern parses.</returns>
    public static bool TryParse(
        [NotNullWhen(true)] string? pattern,
        FilterPatternOptions options,
        [NotNullWhen(true)] out FilterPattern? result,
        [NotNullWhen(false)] out FilterPatternException? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (pattern is null)
        {
            result = null;
            error = new FilterPatternException(FilterPatternError.UnexpectedEnd, 0, 0, "the pattern is null", string.Empty);
            return false;
        }

        try
        {
            result = Parse(pattern, options);
            error = null;
            return true;
        }
        catch (FilterPatternException e)
        {
            result = null;
            error = e;
            return false;
        }
    }

    /// <summary>Whether the UTF-16 event <paramref name="message"/> matches. Never allocates, never throws.</summary>
    /// <param name="message">The log event message.</param>
    /// <returns>Whether CloudWatch Logs would match the event.</returns>
    public bool IsMatch(ReadOnlySpan<char> message) => _matcher.IsMatch(message);

    /// <summary>
    /// Whether the UTF-8 event <paramref name="utf8Message"/> matches. Never allocates, never throws. Invalid UTF-8 is read
    /// as U+FFFD per maximal invalid subsequence, so the answer always equals that for the decoded string.
    /// </summary>
    /// <param name="utf8Message">The log event message, UTF-8 encoded.</param>
    /// <returns>Whether CloudWatch Logs would match the event.</returns>
    public bool IsMatch(ReadOnlySpan<byte> utf8Message) => _matcher.IsMatch(utf8Message);

    /// <summary>Matches <paramref name="message"/> and extracts the values TestMetricFilter reports.</summary>
    /// <param name="message">The log event message.</param>
    /// <returns>Whether it matched, and the extracted values.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public FilterMatch Match(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _matcher.Match(message.AsSpan());
    }

    /// <summary>Matches the UTF-16 <paramref name="message"/> and extracts the values TestMetricFilter reports.</summary>
    /// <param name="message">The log event message.</param>
    /// <returns>Whether it matched, and the extracted values.</returns>
    public FilterMatch Match(ReadOnlySpan<char> message) => _matcher.Match(message);

    /// <summary>Matches the UTF-8 <paramref name="utf8Message"/> and extracts the values TestMetricFilter reports.</summary>
    /// <param name="utf8Message">The log event message, UTF-8 encoded.</param>
    /// <returns>Whether it matched, and the extracted values.</returns>
    public FilterMatch Match(ReadOnlySpan<byte> utf8Message) => _matcher.Match(utf8Message);

    /// <summary>
    /// Enumerates the lines of a newline-delimited UTF-8 buffer that match, one event per line (a <c>\r</c> before the
    /// <c>\n</c> is not part of the event). Where the pattern has a required literal, the whole buffer is scanned for it
    /// at once and only the lines it occurs in are checked. Never allocates.
    /// </summary>
    /// <param name="utf8Lines">Events separated by <c>\n</c>.</param>
    /// <returns>An enumerator of <see cref="LineMatch"/> for <c>foreach</c>.</returns>
    public LineMatchEnumerator<byte> EnumerateMatchingLines(ReadOnlySpan<byte> utf8Lines) => new(_matcher, utf8Lines);

    /// <summary>Enumerates the matching lines of a newline-delimited UTF-16 buffer (see the UTF-8 overload).</summary>
    /// <param name="lines">Events separated by <c>\n</c>.</param>
    /// <returns>An enumerator of <see cref="LineMatch"/> for <c>foreach</c>.</returns>
    public LineMatchEnumerator<char> EnumerateMatchingLines(ReadOnlySpan<char> lines) => new(_matcher, lines);

    /// <summary>
    /// Warnings about parts of the pattern that parse but do not do what they look like, e.g. <c>?</c> terms that AWS
    /// ignores because plain terms are present.
    /// </summary>
    /// <returns>The warnings, in pattern order; empty when there are none.</returns>
    public IReadOnlyList<FilterPatternWarning> Lint() => Linter.Lint(Syntax);

    /// <summary>
    /// The canonical text of the pattern: single spaces, quotes where needed, no redundant parentheses.
    /// Parsing it gives a pattern equal to this one.
    /// </summary>
    /// <returns>The canonical pattern text.</returns>
    public override string ToString() => _canonical ??= SyntaxPrinter.Print(Syntax);

    /// <summary>Whether both patterns have the same syntax tree: they differ at most in spacing, quoting and redundant parentheses.</summary>
    /// <param name="other">The other pattern.</param>
    /// <returns>Whether the patterns are equal.</returns>
    public bool Equals(FilterPattern? other) => other is not null && Syntax.Equals(other.Syntax);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as FilterPattern);

    /// <inheritdoc />
    public override int GetHashCode() => Syntax.GetHashCode();

    /// <summary>Whether two patterns are equal (see <see cref="Equals(FilterPattern)"/>).</summary>
    public static bool operator ==(FilterPattern? left, FilterPattern? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two patterns differ (see <see cref="Equals(FilterPattern)"/>).</summary>
    public static bool operator !=(FilterPattern? left, FilterPattern? right) => !(left == right);
}
