namespace FilterPatterns.Destinations.Aws.Delivery;

/// <summary>Splits the positions of a batch's records into consecutive calls within a count and a byte limit.</summary>
internal static class RecordChunker
{
    /// <summary>
    /// Yields runs of <paramref name="indexes"/>, in order, each with at most <paramref name="maxCount"/> records and at
    /// most <paramref name="maxBytes"/> bytes (every single record is assumed to fit).
    /// </summary>
    public static IEnumerable<List<int>> Chunk(IReadOnlyList<int> indexes, Func<int, long> size, int maxCount, long maxBytes)
    {
        var chunk = new List<int>();
        long bytes = 0;
        foreach (var index in indexes)
        {
            var s = size(index);
            if (chunk.Count > 0 && (chunk.Count == maxCount || bytes + s > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(index);
            bytes += s;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
