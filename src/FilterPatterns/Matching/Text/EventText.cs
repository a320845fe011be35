using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Utf8 = System.Text.Unicode.Utf8;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// The single definition of how an event's text is read: UTF-8 is decoded with each maximal invalid subsequence
/// replaced by U+FFFD (as <see cref="Encoding.UTF8"/> does), and in UTF-16 an unpaired surrogate reads as U+FFFD (as
/// encoding it to UTF-8 does). Matchers work on the raw span and come here only when that could make a difference.
/// </summary>
internal static class EventText
{
    /// <summary>
    /// U+D800..U+DFFF. perf: <c>IndexOfAnyInRange</c> over chars allocates per call on .NET 10 (measured: 96 bytes);
    /// a range <see cref="SearchValues{T}"/> does not.
    /// </summary>
    public static readonly SearchValues<char> Surrogates =
        SearchValues.Create(Enumerable.Range(0xD800, 0x800).Select(static c => (char)c).ToArray());

    public static bool IsWellFormed<T>(ReadOnlySpan<T> text)
        where T : unmanaged =>
        typeof(T) == typeof(byte)
            ? Utf8.IsValid(MemoryMarshal.Cast<T, byte>(text))
            : IsWellFormedUtf16(MemoryMarshal.Cast<T, char>(text));

    public static bool IsWellFormedUtf16(ReadOnlySpan<char> text)
    {
        var i = text.IndexOfAny(Surrogates);
        if (i < 0)
        {
            return true;
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }

            if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
            {
                return false;
            }

            i++;
        }

        return true;
    }

    /// <summary>The number of UTF-16 code units <see cref="Decode{T}"/> writes for <paramref name="text"/> at most.</summary>
    public static int MaxDecodedLength<T>(ReadOnlySpan<T> text)
        where T : unmanaged => text.Length;

    /// <summary>Decodes <paramref name="text"/> into <paramref name="destination"/> with U+FFFD for anything ill-formed.</summary>
    /// <returns>The number of code units written.</returns>
    public static int Decode<T>(ReadOnlySpan<T> text, Span<char> destination)
        where T : unmanaged
    {
        if (typeof(T) == typeof(byte))
        {
            var status = Utf8.ToUtf16(MemoryMarshal.Cast<T, byte>(text), destination, out _, out var written, replaceInvalidSequences: true);
            System.Diagnostics.Debug.Assert(status == OperationStatus.Done, "UTF-16 never needs more code units than UTF-8 has bytes");
            return written;
        }

        var chars = MemoryMarshal.Cast<T, char>(text);
        chars.CopyTo(destination);
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsSurrogate(chars[i]))
            {
                continue;
            }

            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
                continue;
            }

            destination[i] = '\uFFFD';
        }

        return chars.Length;
    }
}
