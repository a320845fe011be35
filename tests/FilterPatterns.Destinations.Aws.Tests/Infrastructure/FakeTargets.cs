using System.Text.Json;
using System.Text.RegularExpressions;
using FilterPatterns.Destinations.Aws.Tests.Firehose;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>What a fake Firehose or Lambda endpoint received, decoded as the service and then a consumer would.</summary>
internal static partial class FakeTargets
{
    /// <summary>A PutRecordBatch checked against AWS's documented request shape: the stream name and each record's message.</summary>
    public static (string Name, List<SubscriptionMessage> Messages) ParseFirehose(ReceivedRequest request)
    {
        var (name, records) = FirehoseClientTests.ParsePutRecordBatch(request);
        return (name, records.ConvertAll(r => SubscriptionPayload.Decode(r)));
    }

    /// <summary>A PutRecordBatch answer: every record stored, except those <paramref name="fail"/> names.</summary>
    public static FakeResponse FirehoseAccept(int count, Func<int, (string Code, string Message)?>? fail = null)
    {
        var entries = Enumerable.Range(0, count).Select(i => fail?.Invoke(i) is { } f
            ? $$"""{"ErrorCode":"{{f.Code}}","ErrorMessage":"{{f.Message}}"}"""
            : $$"""{"RecordId":"{{Guid.NewGuid():N}}"}""");
        var failed = Enumerable.Range(0, count).Count(i => fail?.Invoke(i) is not null);
        return FakeResponse.Json(200, $$"""{"Encrypted":false,"FailedPutCount":{{failed}},"RequestResponses":[{{string.Join(',', entries)}}]}""");
    }

    /// <summary>
    /// An asynchronous Invoke checked against AWS's documented shape (<c>POST /2015-03-31/functions/{name}/invocations</c>,
    /// <c>X-Amz-Invocation-Type: Event</c> signed, body exactly <c>{"awslogs":{"data":"&lt;base64 gzip&gt;"}}</c>):
    /// the function and the message.
    /// </summary>
    public static (string Function, SubscriptionMessage Message) ParseLambda(ReceivedRequest request)
    {
        Assert.Equal("POST", request.Method);
        var match = InvokePath().Match(request.Target);
        Assert.True(match.Success, request.Target);
        Assert.Equal("Event", request.Header("X-Amz-Invocation-Type"));
        Assert.Contains("x-amz-invocation-type", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("application/json", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(["awslogs"], root.EnumerateObject().Select(p => p.Name));
        var awslogs = root.GetProperty("awslogs");
        Assert.Equal(["data"], awslogs.EnumerateObject().Select(p => p.Name));
        var data = Convert.FromBase64String(awslogs.GetProperty("data").GetString()!);
        Assert.Equal([0x1f, 0x8b], data[..2]); // gzip
        return (Uri.UnescapeDataString(match.Groups["fn"].Value), SubscriptionPayload.DecodeLambdaEvent(request.Body));
    }

    [GeneratedRegex("^/2015-03-31/functions/(?<fn>[^/?]+)/invocations$")]
    private static partial Regex InvokePath();
}
