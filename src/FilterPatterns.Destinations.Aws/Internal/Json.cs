using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace FilterPatterns.Destinations.Aws.Internal;

/// <summary>Small helpers for writing request bodies and reading response bodies of the AWS JSON protocols.</summary>
internal static class Json
{
    public static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses a response body; an empty body reads as an empty object.</summary>
    public static AwsResult<JsonDocument> Parse(AwsHttpResponse response, string operation)
    {
        try
        {
            var document = response.Body.Length == 0 ? JsonDocument.Parse("{}") : JsonDocument.Parse(response.Body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                return AwsResult.Failure<JsonDocument>(Malformed(response, operation, "the body is not a JSON object"));
            }

            return AwsResult.Success(document);
        }
        catch (JsonException ex)
        {
            return AwsResult.Failure<JsonDocument>(Malformed(response, operation, ex.Message) with { Exception = ex });
        }
    }

    public static AwsError Malformed(AwsHttpResponse response, string operation, string detail) =>
        new(AwsErrorKind.Retryable, "MalformedResponse", $"{operation} answered HTTP {response.StatusCode} with a body that could not be read: {detail}", response.StatusCode, response.RequestId);

    public static string? String(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string RequiredString(this JsonElement element, string name) =>
        element.String(name) ?? throw new JsonException($"The response has no string '{name}'.");

    public static long? Int64(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    public static bool? Boolean(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    /// <summary>An AWS JSON timestamp: epoch seconds as a number (possibly fractional).</summary>
    public static DateTimeOffset? EpochSeconds(this JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000, MidpointRounding.AwayFromZero));
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        return null;
    }

    public static JsonElement? Object(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
