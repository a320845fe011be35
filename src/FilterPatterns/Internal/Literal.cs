using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace FilterPatterns.Internal;

/// <summary>
/// A literal from the pattern, held in both encodings so neither matching path converts per event.
/// </summary>
internal sealed class Literal
{
    private readonly LiteralSearch _search;

    public Literal(string text)
    {
        Utf16 = text;
        Utf8 = Encoding.UTF8.GetBytes(text);
        ContainsReplacementChar = text.Contains('\uFFFD', StringComparison.Ordinal);
        _search = new LiteralSearch(Utf8, text);
    }

    public string Utf16 { get; }

    public byte[] Utf8 { get; }

    /// <summary>
    /// Whether the literal contains U+FFFD. Only then can an ill-formed event (invalid UTF-8, lone surrogates) differ
    /// between a raw comparison and a comparison of the decoded text, so only then do matchers normalize the event first.
    /// </summary>
    public bool ContainsReplacementChar { get; }

    public int Length<T>()
        where T : unmanaged => typeof(T) == typeof(byte) ? Utf8.Length : Utf16.Length;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Get<T>()
        where T : unmanaged =>
        typeof(T) == typeof(byte)
            ? MemoryMarshal.Cast<byte, T>(Utf8)
            : MemoryMarshal.Cast<char, T>(Utf16.AsSpan());

    /// <summary>The offset of the literal's first occurrence in the raw text (UTF-8 or UTF-16), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexIn<T>(ReadOnlySpan<T> text)
        where T : unmanaged => _search.IndexIn(text);

    /// <summary>
    /// The offset of the first occurrence of the literal or of a JSON escape that could spell one of its characters
    /// (<c>\u</c>, or <c>\/</c> when <paramref name="slash"/>), or -1. The literal must not contain a backslash.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfLiteralOrEscapeIn<T>(ReadOnlySpan<T> text, bool slash)
        where T : unmanaged => _search.IndexOfLiteralOrEscapeIn(text, slash);

    public override string ToString() => Utf16;
}
