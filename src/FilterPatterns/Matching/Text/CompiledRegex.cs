using System.Numerics;
using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// An AWS regular expression compiled for matching. An expression of fixed text (<see cref="LiteralRegex"/>) is
/// searched as text, with no automaton at all; any other runs on the project's own linear-time engine
/// (<see cref="RegexNfa"/>, searched through the lazily built <see cref="RegexDfa"/>): no backtracking, whatever the
/// pattern and event, and both UTF-8 and UTF-16 read in place, one character per code point.
/// </summary>
internal sealed class CompiledRegex
{
    private readonly RegexDfa? _engine;
    private readonly LiteralRegex? _literal;

    private CompiledRegex(RegexTree tree, RegexDfa? engine, LiteralRegex? literal)
    {
        Tree = tree;
        _engine = engine;
        _literal = literal;
    }

    public RegexTree Tree { get; }

    /// <summary>Whether the expression needs the automaton (it is not fixed text).</summary>
    public bool UsesEngine => _engine is not null;

    /// <summary>The alternatives when the expression is unanchored fixed text (a search for any of them), else null.</summary>
    public LiteralSet? PlainSearch => _literal?.PlainSearch;

    /// <summary>
    /// Compiles <paramref name="tree"/>; returns null when it is too complex: more than
    /// <see cref="RegexNfa.MaxPositions"/> character positions once its repetitions are written out.
    /// </summary>
    public static CompiledRegex? TryCreate(RegexTree tree) => TryCreate(tree, RegexDfa.DefaultCacheBytes);

    /// <summary>As <see cref="TryCreate(RegexTree)"/>, with a bound on the engine's cache of states (tests shrink it).</summary>
    internal static CompiledRegex? TryCreate(RegexTree tree, int cacheBytes)
    {
        if (LiteralRegex.TryCreate(tree) is { } literal)
        {
            return new CompiledRegex(tree, null, literal);
        }

        return RegexNfa.TryCreate(tree) is { } nfa ? new CompiledRegex(tree, new RegexDfa(nfa, cacheBytes), null) : null;
    }

    /// <summary>Searches the raw event text (UTF-8 or UTF-16) for the expression.</summary>
    public bool IsMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T> =>
        _literal is not null ? _literal.IsMatch(text) : _engine!.IsMatch(text);
}
