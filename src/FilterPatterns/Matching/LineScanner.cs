using System.Numerics;
using System.Runtime.CompilerServices;

namespace FilterPatterns.Matching;

/// <summary>
/// Finds matching lines in a newline-delimited buffer. With a <see cref="Prefilter"/> it jumps from candidate to
/// candidate over the whole buffer (one vectorized scan), checking only the lines a candidate falls in; otherwise it
/// matches line by line.
/// </summary>
internal static class LineScanner
{
    public static bool NextMatchingLine<T>(Matcher matcher, ReadOnlySpan<T> buffer, ref int position, out int start, out int length)
        where T : unmanaged, IBinaryInteger<T>
    {
        var newline = T.CreateTruncating('\n');
        var prefilter = matcher.Prefilter;
        while (position < buffer.Length)
        {
            int lineStart;
            if (prefilter is not null)
            {
                var candidate = prefilter.FindCandidate(buffer[position..]);
                if (candidate < 0)
                {
                    position = buffer.Length;
                    break;
                }

                candidate += position;
                lineStart = buffer[position..candidate].LastIndexOf(newline) + 1 + position;
            }
            else
            {
                lineStart = position;
            }

            var end = buffer[lineStart..].IndexOf(newline);
            var lineEnd = end < 0 ? buffer.Length : lineStart + end;
            position = end < 0 ? buffer.Length : lineEnd + 1;
            var line = TrimCarriageReturn(buffer[lineStart..lineEnd]);
            if (IsMatch(matcher, line))
            {
                start = lineStart;
                length = line.Length;
                return true;
            }
        }

        start = length = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsMatch<T>(Matcher matcher, ReadOnlySpan<T> line)
        where T : unmanaged =>
        typeof(T) == typeof(byte)
            ? matcher.IsMatch(System.Runtime.InteropServices.MemoryMarshal.Cast<T, byte>(line))
            : matcher.IsMatch(System.Runtime.InteropServices.MemoryMarshal.Cast<T, char>(line));

    private static ReadOnlySpan<T> TrimCarriageReturn<T>(ReadOnlySpan<T> line)
        where T : unmanaged, IBinaryInteger<T> =>
        line.Length > 0 && line[^1] == T.CreateTruncating('\r') ? line[..^1] : line;
}
