using System.Numerics;
using FilterPatterns.Matching;

namespace FilterPatterns;

/// <summary>A line of a newline-delimited buffer that matched: where it starts and how long it is (without its line break).</summary>
/// <param name="Start">Offset of the line's first unit in the buffer.</param>
/// <param name="Length">Length of the line, without the <c>\n</c> and a <c>\r</c> before it.</param>
public readonly record struct LineMatch(int Start, int Length);

/// <summary>
/// Enumerates the lines of a buffer that a pattern matches (<see cref="FilterPattern.EnumerateMatchingLines(ReadOnlySpan{byte})"/>).
/// A ref struct: use it in <c>foreach</c>; it never allocates.
/// </summary>
/// <typeparam name="TChar"><see cref="byte"/> for UTF-8 buffers, <see cref="char"/> for UTF-16 ones.</typeparam>
public ref struct LineMatchEnumerator<TChar>
    where TChar : unmanaged, IBinaryInteger<TChar>
{
    private readonly Matcher _matcher;
    private readonly ReadOnlySpan<TChar> _buffer;
    private int _position;

    internal LineMatchEnumerator(Matcher matcher, ReadOnlySpan<TChar> buffer)
    {
        _matcher = matcher;
        _buffer = buffer;
    }

    /// <summary>The current matching line.</summary>
    public LineMatch Current { get; private set; }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly LineMatchEnumerator<TChar> GetEnumerator() => this;

    /// <summary>Moves to the next matching line.</summary>
    public bool MoveNext()
    {
        if (LineScanner.NextMatchingLine(_matcher, _buffer, ref _position, out var start, out var length))
        {
            Current = new LineMatch(start, length);
            return true;
        }

        return false;
    }
}
