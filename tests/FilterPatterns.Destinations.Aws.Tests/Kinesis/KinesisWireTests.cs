using System.Text.Json;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Destinations.Aws.Signing;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Kinesis;

/// <summary>Kinesis behaviour kinesalite cannot produce (partial failures, throttling, StreamARN), on the fake endpoint.</summary>
public sealed class KinesisWireTests
{
    private static readonly KinesisRecord[] s_records =
    [
        new(new byte[] { 0, 1, 2, 255 }, "pk-0"),
        new(Payloads.GzipDataMessage("/g", "s", 1, 1), "pk-1", "170141183460469231731687303715884105728"),
        new(new byte[] { 9 }, "pk-2"),
    ];

    [Fact]
    public async Task PutRecords_body_has_base64_data_keys_and_the_stream_arn_and_partial_failures_come_back_per_record()
    {
        const string arn = "arn:aws-cn:kinesis:eu-west-1:123456789012:stream/logs";
        await using var server = FakeAws.Start("kinesis", request =>
        {
            Assert.Equal("Kinesis_20131202.PutRecords", request.Header("X-Amz-Target"));
            Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
            using var json = JsonDocument.Parse(request.Body);
            var root = json.RootElement;
            Assert.Equal(arn, root.GetProperty("StreamARN").GetString());
            Assert.False(root.TryGetProperty("StreamName", out _));
            var records = root.GetProperty("Records").EnumerateArray().ToList();
            Assert.Equal(s_records.Select(r => r.PartitionKey), records.Select(r => r.GetProperty("PartitionKey").GetString()));
            Assert.Equal(s_records.Select(r => r.Data.ToArray()), records.Select(r => Convert.FromBase64String(r.GetProperty("Data").GetString()!)));
            Assert.Equal(s_records[1].ExplicitHashKey, records[1].GetProperty("ExplicitHashKey").GetString());
            Assert.False(records[0].TryGetProperty("ExplicitHashKey", out _));
            return FakeResponse.Json(200, """
                {"FailedRecordCount":2,"EncryptionType":"KMS","Records":[
                  {"ErrorCode":"ProvisionedThroughputExceededException","ErrorMessage":"Rate exceeded for shard shardId-000000000001"},
                  {"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ShardId":"shardId-000000000001"},
                  {"ErrorCode":"InternalFailure","ErrorMessage":"Internal service failure."}]}
                """);
        });
        using var client = new KinesisClient(FakeAws.Options(server));

        var result = (await client.PutRecordsAsync(arn, s_records)).GetValueOrThrow();

        Assert.Equal(2, result.FailedRecordCount);
        Assert.Equal("KMS", result.EncryptionType);
        Assert.Equal([0, 2], result.FailedIndexes());
        Assert.Equal(AwsErrorKind.Throttled, result.Records[0].ErrorKind);
        Assert.Equal("Rate exceeded for shard shardId-000000000001", result.Records[0].ErrorMessage);
        Assert.Equal("shardId-000000000001", result.Records[1].ShardId);
        Assert.Equal(AwsErrorKind.Retryable, result.Records[2].ErrorKind);
        Assert.Null(Assert.Single(server.Requests).SignatureError);
    }

    [Theory]
    [InlineData("com.amazonaws.kinesis.v20131202#ProvisionedThroughputExceededException", 400, "ProvisionedThroughputExceededException", AwsErrorKind.Throttled)]
    [InlineData("LimitExceededException", 400, "LimitExceededException", AwsErrorKind.Throttled)]
    [InlineData("KMSThrottlingException", 400, "KMSThrottlingException", AwsErrorKind.Throttled)]
    [InlineData("KMSAccessDeniedException", 400, "KMSAccessDeniedException", AwsErrorKind.NonRetryable)]
    [InlineData("ValidationException", 400, "ValidationException", AwsErrorKind.NonRetryable)]
    [InlineData("InternalFailure", 500, "InternalFailure", AwsErrorKind.Retryable)]
    public async Task Namespaced_error_types_are_normalized_and_classified(string type, int status, string code, AwsErrorKind kind)
    {
        await using var server = FakeAws.Start("kinesis", _ => FakeResponse.AwsJsonError(status, type, "m"));
        using var client = new KinesisClient(FakeAws.Options(server));

        var result = await client.PutRecordsAsync("s", s_records);

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal(kind, result.Error?.Kind);
    }

    [Fact]
    public async Task The_error_type_header_wins_and_its_uri_suffix_is_dropped()
    {
        await using var server = FakeAws.Start("kinesis", _ => new FakeResponse(400, "{}", new Dictionary<string, string>
        {
            ["x-amzn-ErrorType"] = "AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            ["x-amzn-ErrorMessage"] = "User is not authorized",
        }));
        using var client = new KinesisClient(FakeAws.Options(server));

        var result = await client.DescribeStreamSummaryAsync("s");

        Assert.Equal("AccessDeniedException", result.Error?.Code);
        Assert.Equal("User is not authorized", result.Error?.Message);
        Assert.Equal(AwsErrorKind.NonRetryable, result.Error?.Kind);
    }

    [Fact]
    public async Task The_content_sha256_header_can_be_added_and_is_signed()
    {
        await using var server = FakeAws.Start("kinesis", request =>
        {
            Assert.Contains("x-amz-content-sha256", request.Header("Authorization"), StringComparison.Ordinal);
            return FakeResponse.Json(200, """{"StreamDescriptionSummary":{"StreamName":"s","StreamStatus":"ACTIVE","OpenShardCount":1}}""");
        });
        using var client = new KinesisClient(FakeAws.Options(server) with { Signing = new SigV4SigningOptions { AddContentSha256Header = true } });

        var summary = (await client.DescribeStreamSummaryAsync("s")).GetValueOrThrow();

        Assert.True(summary.IsActive);
        Assert.NotNull(Assert.Single(server.Requests).Header("x-amz-content-sha256"));
        Assert.Null(server.Requests.Single().SignatureError);
    }

    [Fact]
    public async Task An_endpoint_path_prefix_is_kept()
    {
        await using var server = FakeAws.Start("kinesis", request =>
        {
            Assert.Equal("/proxy/kinesis/", request.Target);
            return FakeResponse.Json(200, """{"Shards":[],"NextToken":"t2"}""");
        });
        using var client = new KinesisClient(FakeAws.Options(server) with { Endpoint = new Uri(server.Endpoint, "/proxy/kinesis/") });

        var page = (await client.ListShardsAsync("s")).GetValueOrThrow();

        Assert.Equal("t2", page.NextToken);
        Assert.Null(server.Requests.Single().SignatureError);
    }

    [Fact]
    public void Batches_beyond_the_Kinesis_limits_are_refused_before_sending()
    {
        var key = new string('k', 256);
        KinesisClient.ValidateBatch(Enumerable.Range(0, 500).Select(_ => new KinesisRecord(new byte[1], "k")).ToList());
        KinesisClient.ValidateBatch([new KinesisRecord(new byte[(1024 * 1024) - 256], key)]);
        KinesisClient.ValidateBatch(Enumerable.Range(0, 5).Select(_ => new KinesisRecord(new byte[(1024 * 1024) - 1], "k")).ToList());

        Assert.Throws<ArgumentException>(() => KinesisClient.ValidateBatch([]));
        Assert.Throws<ArgumentException>(() => KinesisClient.ValidateBatch(Enumerable.Range(0, 501).Select(_ => new KinesisRecord(new byte[1], "k")).ToList()));
        Assert.Throws<ArgumentException>(() => KinesisClient.ValidateBatch([new KinesisRecord(new byte[(1024 * 1024) - 255], key)]));
        Assert.Throws<ArgumentException>(() => KinesisClient.ValidateBatch([new KinesisRecord(new byte[1], key + "k")]));
        Assert.Throws<ArgumentException>(() => KinesisClient.ValidateBatch([new KinesisRecord(new byte[1], "")]));
        Assert.Throws<ArgumentException>(() => KinesisClient.ValidateBatch(Enumerable.Range(0, 6).Select(_ => new KinesisRecord(new byte[1024 * 1000], "k")).ToList()));
    }
}
