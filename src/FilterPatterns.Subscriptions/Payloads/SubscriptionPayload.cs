using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// Encodes and decodes subscription payloads exactly as CloudWatch Logs ships them: compact JSON
/// (<c>messageType, owner, logGroup, logStream, subscriptionFilters, logEvents[{id, timestamp, message}]</c>, in that order),
/// gzip-compressed at level 6. Kinesis and Firehose records carry the gzip bytes; Lambda receives
/// <c>{"awslogs":{"data":"&lt;base64 of the gzip bytes&gt;"}}</c>.
/// </summary>
/// <remarks>
/// Strings are escaped as AWS's JSON writer does: <c>"</c>, <c>\</c> and control characters only (short forms
/// <c>\b \f \n \r \t</c>, otherwise <c>\u00XX</c>); everything else, non-ASCII included, is written as UTF-8.
/// An unpaired surrogate, which UTF-8 cannot carry, becomes U+FFFD.
/// </remarks>
public static class SubscriptionPayload
{
    /// <summary>The gzip level CloudWatch Logs uses (Firehose documents level 6).</summary>
    public const int GzipLevel = 6;

    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The uncompressed JSON of <paramref name="message"/>, as UTF-8.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The JSON bytes.</returns>
    public static byte[] ToJson(SubscriptionMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var json = new StringBuilder(256);
        json.Append("{\"messageType\":");
        AppendString(json, message.MessageType);
        json.Append(",\"owner\":");
        AppendString(json, message.Owner);
        json.Append(",\"logGroup\":");
        AppendString(json, message.LogGroup);
        json.Append(",\"logStream\":");
        AppendString(json, message.LogStream);
        json.Append(",\"subscriptionFilters\":[");
        for (var i = 0; i < message.SubscriptionFilters.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            AppendString(json, message.SubscriptionFilters[i]);
        }

        json.Append("],\"logEvents\":[");
        for (var i = 0; i < message.LogEvents.Count; i++)
        {
            var e = message.LogEvents[i];
            json.Append(i > 0 ? ",{\"id\":" : "{\"id\":");
            AppendString(json, e.Id);
            json.Append(",\"timestamp\":").Append(e.Timestamp.ToString(CultureInfo.InvariantCulture));
            json.Append(",\"message\":");
            AppendString(json, e.Message);
            json.Append('}');
        }

        json.Append("]}");
        return s_utf8.GetBytes(json.ToString());
    }

    /// <summary>The gzip-compressed JSON of <paramref name="message"/>: a Kinesis or Firehose record's data.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The compressed bytes.</returns>
    public static byte[] Encode(SubscriptionMessage message) => Gzip(ToJson(message));

    /// <summary>The body of the Lambda invocation event for the compressed payload <paramref name="data"/>.</summary>
    /// <param name="data">A compressed payload from <see cref="Encode"/>.</param>
    /// <returns><c>{"awslogs":{"data":"…"}}</c> as UTF-8.</returns>
    public static byte[] ToLambdaEvent(ReadOnlySpan<byte> data) =>
        s_utf8.GetBytes("{\"awslogs\":{\"data\":\"" + Convert.ToBase64String(data) + "\"}}");

    /// <summary>Decodes a Kinesis/Firehose record's data (gzip JSON) as a consumer does.</summary>
    /// <param name="data">The compressed payload.</param>
    /// <returns>The message.</returns>
    /// <exception cref="InvalidDataException">The data is not gzip.</exception>
    /// <exception cref="JsonException">The JSON is not a subscription message.</exception>
    public static SubscriptionMessage Decode(ReadOnlySpan<byte> data) => FromJson(Gunzip(data));

    /// <summary>Decodes a Lambda invocation event as a Lambda consumer does: base64, then gunzip, then JSON.</summary>
    /// <param name="lambdaEvent">The event body, <c>{"awslogs":{"data":"…"}}</c>.</param>
    /// <returns>The message.</returns>
    public static SubscriptionMessage DecodeLambdaEvent(ReadOnlySpan<byte> lambdaEvent)
    {
        using var json = JsonDocument.Parse(lambdaEvent.ToArray());
        var data = json.RootElement.GetProperty("awslogs").GetProperty("data").GetString()
            ?? throw new JsonException("awslogs.data is null");
        return Decode(Convert.FromBase64String(data));
    }

    /// <summary>Decompresses gzip data.</summary>
    /// <param name="data">The compressed bytes.</param>
    /// <returns>The decompressed bytes.</returns>
    public static byte[] Gunzip(ReadOnlySpan<byte> data)
    {
        using var input = new MemoryStream(data.ToArray());
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    internal static byte[] Gzip(ReadOnlySpan<byte> json)
    {
        using var output = new MemoryStream(json.Length / 4 + 64);
        using (var gzip = new GZipStream(output, new ZLibCompressionOptions { CompressionLevel = GzipLevel }, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return output.ToArray();
    }

    private static SubscriptionMessage FromJson(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new SubscriptionMessage
        {
            MessageType = root.GetProperty("messageType").GetString()!,
            Owner = root.GetProperty("owner").GetString()!,
            LogGroup = root.GetProperty("logGroup").GetString()!,
            LogStream = root.GetProperty("logStream").GetString()!,
            SubscriptionFilters = root.GetProperty("subscriptionFilters").EnumerateArray().Select(f => f.GetString()!).ToArray(),
            LogEvents = root.GetProperty("logEvents").EnumerateArray()
                .Select(e => new SubscriptionLogEvent(
                    e.GetProperty("id").GetString()!,
                    e.GetProperty("timestamp").GetInt64(),
                    e.GetProperty("message").GetString()!))
                .ToArray(),
        };
    }

    private static readonly SearchValues<char> s_mustEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000B\f\r\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        var rest = value.AsSpan();
        while (true)
        {
            var next = rest.IndexOfAny(s_mustEscape);
            if (next < 0)
            {
                json.Append(rest);
                break;
            }

            json.Append(rest[..next]);
            var c = rest[next];
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => "\\u00" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
            });
            rest = rest[(next + 1)..];
        }

        json.Append('"');
    }
}
