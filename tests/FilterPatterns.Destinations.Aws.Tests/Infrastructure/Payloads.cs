using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>Payloads shaped like what CloudWatch Logs delivers to subscription destinations.</summary>
internal static class Payloads
{
    /// <summary>A CloudWatch Logs DATA_MESSAGE, gzip-compressed, as Kinesis and Firehose destinations receive it.</summary>
    public static byte[] GzipDataMessage(string logGroup, string logStream, int events, int seed)
    {
        var json = JsonSerializer.Serialize(new
        {
            messageType = "DATA_MESSAGE",
            owner = "123456789012",
            logGroup,
            logStream,
            subscriptionFilters = new[] { "errors" },
            logEvents = Enumerable.Range(0, events).Select(i => new
            {
                id = $"3{seed:D10}{i:D10}",
                timestamp = 1_700_000_000_000L + (seed * 1000) + i,
                message = $"ERROR request {seed}-{i} failed: \"quoted\" é ✓",
            }).ToArray(),
        });
        return Gzip(Encoding.UTF8.GetBytes(json));
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Gunzip(ReadOnlySpan<byte> data)
    {
        using var input = new MemoryStream(data.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }
}
