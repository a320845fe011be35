using System.Buffers;

namespace FilterPatterns.Cli;

/// <summary>Receives one line (without its <c>\n</c> and a trailing <c>\r</c>) and its 0-based index.</summary>
internal delegate void LineAction(ReadOnlySpan<byte> line, long index);

/// <summary>Receives a run of complete lines (each ending with <c>\n</c>, except perhaps the stream's last one).</summary>
internal delegate void ChunkAction(ReadOnlySpan<byte> lines);

/// <summary>Splits a stream into lines without copying them: lines are handed out as spans of a pooled buffer.</summary>
internal static class LineReader
{
    private const int InitialBuffer = 1 << 20;

    /// <summary>Calls <paramref name="action"/> for every line; <paramref name="progress"/> gets the bytes read so far.</summary>
    public static void ForEachLine(Stream stream, LineAction action, Action<long>? progress = null)
    {
        long index = 0;
        ForEachChunk(stream, lines =>
        {
            while (!lines.IsEmpty)
            {
                var newline = lines.IndexOf((byte)'\n');
                var line = newline < 0 ? lines : lines[..newline];
                action(TrimCarriageReturn(line), index++);
                lines = newline < 0 ? [] : lines[(newline + 1)..];
            }
        }, progress);
    }

    /// <summary>
    /// Calls <paramref name="action"/> with runs of whole lines, as large as the buffer allows, for matching a whole
    /// run at once; <paramref name="progress"/> gets the bytes read so far.
    /// </summary>
    public static void ForEachChunk(Stream stream, ChunkAction action, Action<long>? progress = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        try
        {
            var filled = 0;
            long total = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    if (filled > 0)
                    {
                        action(buffer.AsSpan(0, filled));
                    }

                    return;
                }

                total += read;
                progress?.Invoke(total);
                filled += read;
                var complete = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (complete == 0)
                {
                    continue;
                }

                action(buffer.AsSpan(0, complete));
                buffer.AsSpan(complete, filled - complete).CopyTo(buffer);
                filled -= complete;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}
