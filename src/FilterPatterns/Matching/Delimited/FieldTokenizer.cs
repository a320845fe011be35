using System.Numerics;
using System.Runtime.CompilerServices;

namespace FilterPatterns.Matching.Delimited;

/// <summary>
/// Splits an event into space-delimited fields (grammar/README.md, "Space-delimited events"): fields are separated by
/// runs of spaces; a field that starts with <c>"</c> runs to the next <c>"</c> and one that starts with <c>[</c> to the
/// next <c>]</c>, the delimiters not being part of the value (an unclosed one runs to the end of the event). Every
/// delimiter is ASCII, so UTF-8 and UTF-16 split identically.
/// </summary>
/// <remarks>
/// perf, measured on access logs (9 fields a line): a vectorized IndexOf per field costs 259 ns a line (its set-up
/// dominates on short fields); a plain loop 96 ns; a bit-mask splitter 330 ns. The same hybrid as here but as a ref
/// struct keeping its position in a field cost 206–241 ns: the call per field did not inline and the position lived
/// in memory. Hence a static, inlined step whose caller keeps the position in a local.
/// </remarks>
internal static class FieldTokenizer<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private const int ScalarReach = 24;

    /// <summary>
    /// Reads the field at or after <paramref name="position"/>: its value as (start, length), and the position to
    /// continue from. Returns false when no field is left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Next(ReadOnlySpan<T> text, ref int position, out int start, out int length)
    {
        var space = T.CreateTruncating(' ');
        var pos = position;
        while (pos < text.Length && text[pos] == space)
        {
            pos++;
        }

        if (pos >= text.Length)
        {
            position = pos;
            start = length = 0;
            return false;
        }

        var first = uint.CreateTruncating(text[pos]);
        if (first is '"' or '[')
        {
            start = pos + 1;
            var close = Find(text, start, T.CreateTruncating(first == '"' ? '"' : ']'));
            length = close - start;
            position = close < text.Length ? close + 1 : close;
            return true;
        }

        start = pos;
        var end = Find(text, pos + 1, space);
        length = end - start;
        position = end;
        return true;
    }

    /// <summary>The first position at or after <paramref name="from"/> holding <paramref name="value"/>, or the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Find(ReadOnlySpan<T> text, int from, T value)
    {
        var limit = Math.Min(text.Length, from + ScalarReach);
        var i = from;
        while (i < limit)
        {
            if (text[i] == value)
            {
                return i;
            }

            i++;
        }

        if (i >= text.Length)
        {
            return text.Length;
        }

        var found = text[i..].IndexOf(value);
        return found < 0 ? text.Length : i + found;
    }
}
