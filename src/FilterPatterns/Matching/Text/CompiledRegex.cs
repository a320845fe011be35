using System.Runtime.InteropServices;
using System.Text;
using FilterPatterns.Compilation;
using FilterPatterns.Internal;
using FilterPatterns.Syntax.Regex;
using DotNetRegex = System.Text.RegularExpressions.Regex;
using DotNetRegexOptions = System.Text.RegularExpressions.RegexOptions;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// An AWS regular expression compiled to .NET's linear-time engine (<see cref="DotNetRegexOptions.NonBacktracking"/>:
/// no catastrophic backtracking, whatever the pattern and event). AWS patterns are ASCII-only, so for matching every
/// non-ASCII code point is alike; the event is therefore read as one character per code point (a surrogate pair or an
/// ill-formed sequence counts as one, like AWS's <c>.</c>), which also makes the UTF-8 and UTF-16 paths agree.
/// An expression of fixed text (<see cref="LiteralRegex"/>) builds no engine at all: it is searched as text.
/// </summary>
internal sealed class CompiledRegex
{
    private const int StackLimit = 512;
    private const char NonAsciiPlaceholder = '\u0080';

    private readonly DotNetRegex? _regex;
    private readonly LiteralRegex? _literal;

    private CompiledRegex(RegexTree tree, DotNetRegex? regex, LiteralRegex? literal)
    {
        Tree = tree;
        _regex = regex;
        _literal = literal;
    }

    public RegexTree Tree { get; }

    /// <summary>The .NET pattern the expression was compiled to; null for fixed text, which needs no engine.</summary>
    public string? DotNetPattern => _regex?.ToString();

    /// <summary>The alternatives when the expression is unanchored fixed text (a search for any of them), else null.</summary>
    public LiteralSet? PlainSearch => _literal?.PlainSearch;

    /// <summary>Compiles <paramref name="tree"/>; returns null when the engine refuses it as too complex.</summary>
    public static CompiledRegex? TryCreate(RegexTree tree)
    {
        // perf: constructing the linear-time engine costs ~20 µs even for "%ERROR%"; fixed text needs none.
        if (LiteralRegex.TryCreate(tree) is { } literal)
        {
            return new CompiledRegex(tree, null, literal);
        }

        try
        {
            var regex = new DotNetRegex(
                RegexEmitter.ToDotNetPattern(tree),
                DotNetRegexOptions.NonBacktracking | DotNetRegexOptions.CultureInvariant | DotNetRegexOptions.ExplicitCapture);
            return new CompiledRegex(tree, regex, null);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException or OutOfMemoryException)
        {
            return null;
        }
    }

    /// <summary>Searches the raw event text (UTF-8 or UTF-16) for the expression.</summary>
    public bool IsMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IEquatable<T>
    {
        if (_literal is not null)
        {
            return _literal.IsMatch(text);
        }

        if (typeof(T) == typeof(char))
        {
            var chars = MemoryMarshal.Cast<T, char>(text);
            if (!chars.ContainsAny(EventText.Surrogates))
            {
                // perf: without surrogates every char is one code point; match in place.
                return _regex!.IsMatch(chars);
            }
        }

        using var buffer = new PooledBuffer<char>(stackalloc char[StackLimit], text.Length);
        var length = Project(text, buffer.Span);
        return _regex!.IsMatch(buffer.Span[..length]);
    }

    /// <summary>Writes one char per code point: ASCII as is, anything else (ill-formed included) as a non-ASCII char.</summary>
    private static int Project<T>(ReadOnlySpan<T> text, Span<char> destination)
        where T : unmanaged
    {
        var written = 0;
        if (typeof(T) == typeof(byte))
        {
            var bytes = MemoryMarshal.Cast<T, byte>(text);
            while (!bytes.IsEmpty)
            {
                var asciiRun = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
                if (asciiRun < 0)
                {
                    asciiRun = bytes.Length;
                }

                Ascii.ToUtf16(bytes[..asciiRun], destination[written..], out var widened);
                written += widened;
                bytes = bytes[asciiRun..];
                if (bytes.IsEmpty)
                {
                    break;
                }

                Rune.DecodeFromUtf8(bytes, out _, out var consumed);
                destination[written++] = NonAsciiPlaceholder;
                bytes = bytes[consumed..];
            }

            return written;
        }

        var chars = MemoryMarshal.Cast<T, char>(text);
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (char.IsHighSurrogate(c) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
                c = NonAsciiPlaceholder;
            }
            else if (char.IsSurrogate(c))
            {
                c = NonAsciiPlaceholder;
            }

            destination[written++] = c;
        }

        return written;
    }
}
