using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FilterPatterns.Destinations.Aws.Firehose;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Firehose;

public sealed partial class FirehoseClientTests
{
    /// <summary>
    /// Checks a PutRecordBatch request against the documented shape: POST /, the JSON 1.1 target and content type,
    /// exactly DeliveryStreamName and Records, each record exactly a base64 Data of at most 1,000 KiB. Returns the
    /// decoded records, or throws (which the server turns into a 500).
    /// </summary>
    internal static (string Name, List<byte[]> Records) ParsePutRecordBatch(ReceivedRequest request)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/", request.Target);
        Assert.Equal("Firehose_20150804.PutRecordBatch", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.Equal(["DeliveryStreamName", "Records"], root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var name = root.GetProperty("DeliveryStreamName").GetString()!;
        Assert.Matches(StreamName(), name);
        var records = new List<byte[]>();
        foreach (var record in root.GetProperty("Records").EnumerateArray())
        {
            Assert.Equal(["Data"], record.EnumerateObject().Select(p => p.Name));
            var data = Convert.FromBase64String(record.GetProperty("Data").GetString()!);
            Assert.True(data.Length <= 1000 * 1024);
            records.Add(data);
        }

        Assert.InRange(records.Count, 1, 500);
        return (name, records);
    }

    private static FakeResponse Accept(int count, Func<int, (string Code, string Message)?>? fail = null)
    {
        var entries = Enumerable.Range(0, count).Select(i => fail?.Invoke(i) is { } f
            ? $$"""{"ErrorCode":"{{f.Code}}","ErrorMessage":"{{f.Message}}"}"""
            : $$"""{"RecordId":"record-{{i}}"}""");
        var failed = Enumerable.Range(0, count).Count(i => fail?.Invoke(i) is not null);
        return FakeResponse.Json(200, $$"""{"Encrypted":false,"FailedPutCount":{{failed}},"RequestResponses":[{{string.Join(',', entries)}}]}""");
    }

    [Fact]
    public async Task PutRecordBatch_sends_signed_documented_requests_and_reads_record_ids()
    {
        var payloads = Enumerable.Range(0, 3).Select(i => Payloads.GzipDataMessage("/aws/fh", "s", 2, i)).ToList();
        await using var server = FakeAws.Start("firehose", request =>
        {
            var (name, records) = ParsePutRecordBatch(request);
            Assert.Equal("delivery-1", name);
            Assert.Equal(payloads, records);
            return Accept(records.Count);
        });
        using var client = new FirehoseClient(FakeAws.Options(server));

        var result = (await client.PutRecordBatchAsync("delivery-1", payloads.Select(p => (ReadOnlyMemory<byte>)p).ToList())).GetValueOrThrow();

        Assert.Equal(0, result.FailedPutCount);
        Assert.False(result.Encrypted);
        Assert.Equal(["record-0", "record-1", "record-2"], result.RequestResponses.Select(r => r.RecordId));
        Assert.NotNull(result.RequestId);
        var received = Assert.Single(server.Requests);
        Assert.Null(received.SignatureError);
        Assert.Equal(FakeAws.SessionToken, received.Header("X-Amz-Security-Token"));
        Assert.Contains("content-type;host;x-amz-date;x-amz-security-token;x-amz-target", received.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partial_failures_are_reported_per_record_and_classified()
    {
        await using var server = FakeAws.Start("firehose", request => Accept(ParsePutRecordBatch(request).Records.Count, i => i switch
        {
            1 => ("ServiceUnavailableException", "Slow down."),
            3 => ("InternalFailure", "Internal service failure."),
            _ => null,
        }));
        using var client = new FirehoseClient(FakeAws.Options(server));

        var result = (await client.PutRecordBatchAsync("d", Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i }).ToList())).GetValueOrThrow();

        Assert.Equal(2, result.FailedPutCount);
        Assert.Equal([1, 3], result.FailedIndexes());
        Assert.Equal(AwsErrorKind.Throttled, result.RequestResponses[1].ErrorKind);
        Assert.Equal("Slow down.", result.RequestResponses[1].ErrorMessage);
        Assert.Equal(AwsErrorKind.Retryable, result.RequestResponses[3].ErrorKind);
        Assert.Null(result.RequestResponses[0].ErrorKind);
    }

    [Theory]
    [InlineData(400, "ResourceNotFoundException", AwsErrorKind.NonRetryable)]
    [InlineData(400, "InvalidArgumentException", AwsErrorKind.NonRetryable)]
    [InlineData(400, "AccessDeniedException", AwsErrorKind.NonRetryable)]
    [InlineData(400, "InvalidKMSResourceException", AwsErrorKind.NonRetryable)]
    [InlineData(503, "ServiceUnavailableException", AwsErrorKind.Throttled)]
    [InlineData(400, "ThrottlingException", AwsErrorKind.Throttled)]
    [InlineData(500, "InternalFailure", AwsErrorKind.Retryable)]
    [InlineData(400, "ExpiredTokenException", AwsErrorKind.Retryable)]
    public async Task Whole_call_errors_expose_code_message_and_kind(int status, string type, AwsErrorKind kind)
    {
        await using var server = FakeAws.Start("firehose", _ => FakeResponse.AwsJsonError(status, type, "details for " + type));
        using var client = new FirehoseClient(FakeAws.Options(server));

        var result = await client.PutRecordBatchAsync("d", [new byte[] { 1 }]);

        Assert.False(result.IsSuccess);
        Assert.Equal(type, result.Error.Code);
        Assert.Equal("details for " + type, result.Error.Message);
        Assert.Equal(kind, result.Error.Kind);
        Assert.Equal(status, result.Error.StatusCode);
        Assert.NotNull(result.Error.RequestId);
    }

    [Theory]
    [InlineData(502, "<html>Bad gateway</html>", AwsErrorKind.Retryable)]
    [InlineData(503, "", AwsErrorKind.Throttled)]
    [InlineData(429, "", AwsErrorKind.Throttled)]
    [InlineData(404, "not here", AwsErrorKind.NonRetryable)]
    public async Task Errors_without_an_aws_code_are_classified_by_status(int status, string body, AwsErrorKind kind)
    {
        await using var server = FakeAws.Start("firehose", _ => new FakeResponse(status, body));
        using var client = new FirehoseClient(FakeAws.Options(server));

        var result = await client.PutRecordBatchAsync("d", [new byte[] { 1 }]);

        Assert.Equal(kind, result.Error?.Kind);
        Assert.Equal($"HttpStatus{status}", result.Error?.Code);
        if (body.Length > 0)
        {
            Assert.Equal(body, result.Error?.Message);
        }
    }

    [Fact]
    public async Task A_wrong_secret_is_rejected_by_the_independent_verifier()
    {
        await using var server = FakeAws.Start("firehose", request => Accept(1));
        using var client = new FirehoseClient(FakeAws.Options(server, secret: "not-the-secret"));

        var result = await client.PutRecordBatchAsync("d", [new byte[] { 1 }]);

        Assert.Equal("InvalidSignatureException", result.Error?.Code);
        Assert.Equal(AwsErrorKind.NonRetryable, result.Error?.Kind);
        Assert.StartsWith("signature mismatch", Assert.Single(server.Requests).SignatureError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_stream_arn_is_sent_as_its_name()
    {
        await using var server = FakeAws.Start("firehose", request =>
        {
            Assert.Equal("my-stream", ParsePutRecordBatch(request).Name);
            return Accept(1);
        });
        using var client = new FirehoseClient(FakeAws.Options(server));

        var result = await client.PutRecordBatchAsync("arn:aws:firehose:eu-west-1:123456789012:deliverystream/my-stream", [new byte[] { 1 }]);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Throws<AwsArnFormatException>(() => { _ = client.PutRecordBatchAsync("arn:aws:firehose:eu-west-1:123456789012:stream/x", [new byte[] { 1 }]); });
    }

    [Fact]
    public async Task Malformed_or_mismatched_success_responses_are_retryable_errors()
    {
        var answers = new Queue<FakeResponse>([
            FakeResponse.Json(200, "{not json"),
            FakeResponse.Json(200, """{"FailedPutCount":0,"RequestResponses":[]}"""),
        ]);
        await using var server = FakeAws.Start("firehose", _ => answers.Dequeue());
        using var client = new FirehoseClient(FakeAws.Options(server));

        foreach (var _ in Enumerable.Range(0, 2))
        {
            var result = await client.PutRecordBatchAsync("d", [new byte[] { 1 }]);
            Assert.Equal("MalformedResponse", result.Error?.Code);
            Assert.Equal(AwsErrorKind.Retryable, result.Error?.Kind);
        }
    }

    [Fact]
    public void Batches_beyond_the_Firehose_limits_are_refused_before_sending()
    {
        FirehoseClient.ValidateBatch(Enumerable.Range(0, 500).Select(_ => (ReadOnlyMemory<byte>)new byte[8]).ToList());
        FirehoseClient.ValidateBatch([new byte[1000 * 1024]]);
        FirehoseClient.ValidateBatch(Enumerable.Range(0, 4).Select(_ => (ReadOnlyMemory<byte>)new byte[1024 * 1024 - 1024 * 24]).Append(new byte[96 * 1024]).ToList());

        Assert.Contains("1 to 500", Assert.Throws<ArgumentException>(() => FirehoseClient.ValidateBatch([])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FirehoseClient.ValidateBatch(Enumerable.Range(0, 501).Select(_ => (ReadOnlyMemory<byte>)new byte[1]).ToList()));
        Assert.Contains("Record 0", Assert.Throws<ArgumentException>(() => FirehoseClient.ValidateBatch([new byte[(1000 * 1024) + 1]])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FirehoseClient.ValidateBatch(Enumerable.Range(0, 5).Select(_ => (ReadOnlyMemory<byte>)new byte[1000 * 1024]).ToList()));
    }

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,64}$")]
    private static partial Regex StreamName();
}
