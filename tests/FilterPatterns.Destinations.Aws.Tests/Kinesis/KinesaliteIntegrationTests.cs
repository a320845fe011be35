using System.Text;
using System.Text.Json;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Kinesis;

/// <summary>The Kinesis client against a real Kinesis implementation: kinesalite.</summary>
[Collection(KinesaliteGroup.Name)]
public sealed class KinesaliteIntegrationTests(KinesaliteFixture kinesalite) : IDisposable
{
    private readonly KinesisClient _client = new(new AwsClientOptions
    {
        Endpoint = kinesalite.Endpoint,
        Region = "us-east-1",
        Credentials = new StaticCredentialsProvider("AKIDEXAMPLE", "kinesalite-does-not-check", "session-token"),
        Timeout = TimeSpan.FromSeconds(10),
    });

    public void Dispose() => _client.Dispose();

    private static string NewStreamName() => "fp-test-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string> CreateActiveStreamAsync(int shards)
    {
        var name = NewStreamName();
        (await _client.CreateStreamAsync(name, shards)).GetValueOrThrow();
        var active = (await _client.WaitForStreamActiveAsync(name, TimeSpan.FromSeconds(10))).GetValueOrThrow();
        Assert.Equal("ACTIVE", active.StreamStatus);
        return name;
    }

    [Fact]
    public async Task Gzip_data_messages_put_with_PutRecords_read_back_identical_from_every_shard()
    {
        var stream = await CreateActiveStreamAsync(shards: 2);
        try
        {
            var summary = (await _client.DescribeStreamSummaryAsync(stream)).GetValueOrThrow();
            Assert.Equal(stream, summary.StreamName);
            Assert.Equal(2, summary.OpenShardCount);
            Assert.StartsWith("arn:aws:kinesis:us-east-1:", summary.StreamArn, StringComparison.Ordinal);

            var shards = (await _client.ListShardsAsync(stream)).GetValueOrThrow().Shards;
            Assert.Equal(2, shards.Count);

            var records = Enumerable.Range(0, 40)
                .Select(i => new KinesisRecord(Payloads.GzipDataMessage("/aws/app", $"stream-{i % 3}", events: 1 + (i % 5), seed: i), $"/aws/app|stream-{i % 3}|{i}"))
                .ToList();
            var put = (await _client.PutRecordsAsync(stream, records)).GetValueOrThrow();
            Assert.Equal(0, put.FailedRecordCount);
            Assert.Equal(records.Count, put.Records.Count);
            Assert.All(put.Records, r =>
            {
                Assert.True(r.IsSuccess);
                Assert.False(string.IsNullOrEmpty(r.SequenceNumber));
                Assert.Contains(r.ShardId, shards.Select(s => s.ShardId));
            });
            Assert.Empty(put.FailedIndexes());

            var read = new List<KinesisStoredRecord>();
            foreach (var shard in shards)
            {
                var iterator = (await _client.GetShardIteratorAsync(stream, shard.ShardId, KinesisShardIteratorType.TrimHorizon)).GetValueOrThrow();
                var batch = (await _client.GetRecordsAsync(iterator, limit: 1000)).GetValueOrThrow();
                Assert.NotNull(batch.NextShardIterator);
                read.AddRange(batch.Records);
            }

            Assert.Equal(records.Count, read.Count);
            var sentBySequence = put.Records.Zip(records).ToDictionary(p => p.First.SequenceNumber!, p => p.Second);
            foreach (var stored in read)
            {
                var sent = sentBySequence[stored.SequenceNumber];
                Assert.Equal(sent.PartitionKey, stored.PartitionKey);
                Assert.Equal(sent.Data.ToArray(), stored.Data.ToArray());
                Assert.NotNull(stored.ApproximateArrivalTimestamp);
                using var message = JsonDocument.Parse(Payloads.Gunzip(stored.Data.Span));
                Assert.Equal("DATA_MESSAGE", message.RootElement.GetProperty("messageType").GetString());
                Assert.Equal(
                    Encoding.UTF8.GetString(Payloads.Gunzip(sent.Data.Span)),
                    Encoding.UTF8.GetString(Payloads.Gunzip(stored.Data.Span)));
            }
        }
        finally
        {
            (await _client.DeleteStreamAsync(stream)).GetValueOrThrow();
        }
    }

    [Fact]
    public async Task Explicit_hash_keys_route_records_to_the_shard_that_owns_them()
    {
        var stream = await CreateActiveStreamAsync(shards: 2);
        try
        {
            var shards = (await _client.ListShardsAsync(stream)).GetValueOrThrow().Shards;
            var records = shards.Select(s => new KinesisRecord(new byte[] { 1, 2, 3 }, "same-key", s.StartingHashKey)).ToList();
            var put = (await _client.PutRecordsAsync(stream, records)).GetValueOrThrow();
            Assert.Equal(shards.Select(s => s.ShardId), put.Records.Select(r => r.ShardId));

            var after = (await _client.GetShardIteratorAsync(stream, shards[0].ShardId, KinesisShardIteratorType.AtSequenceNumber, put.Records[0].SequenceNumber)).GetValueOrThrow();
            var batch = (await _client.GetRecordsAsync(after)).GetValueOrThrow();
            Assert.Equal(put.Records[0].SequenceNumber, Assert.Single(batch.Records).SequenceNumber);
        }
        finally
        {
            await _client.DeleteStreamAsync(stream);
        }
    }

    [Fact]
    public async Task A_missing_stream_is_a_non_retryable_ResourceNotFoundException()
    {
        var result = await _client.PutRecordsAsync(NewStreamName(), [new KinesisRecord(new byte[] { 42 }, "k")]);

        Assert.False(result.IsSuccess);
        Assert.Equal("ResourceNotFoundException", result.Error.Code);
        Assert.Equal(AwsErrorKind.NonRetryable, result.Error.Kind);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Contains("not found", result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(result.Error.RequestId);
        Assert.Throws<AwsServiceException>(() => result.GetValueOrThrow());

        var describe = await _client.DescribeStreamSummaryAsync(NewStreamName());
        Assert.Equal("ResourceNotFoundException", describe.Error?.Code);
    }

    [Fact]
    public async Task Creating_an_existing_stream_is_a_non_retryable_ResourceInUseException()
    {
        var stream = await CreateActiveStreamAsync(shards: 1);
        try
        {
            var again = await _client.CreateStreamAsync(stream, 1);
            Assert.Equal("ResourceInUseException", again.Error?.Code);
            Assert.Equal(AwsErrorKind.NonRetryable, again.Error?.Kind);
        }
        finally
        {
            await _client.DeleteStreamAsync(stream);
        }
    }

    [Fact]
    public async Task A_malformed_shard_iterator_is_a_non_retryable_error()
    {
        var result = await _client.GetRecordsAsync("not-a-real-iterator-" + new string('x', 100));

        Assert.False(result.IsSuccess);
        Assert.Equal(AwsErrorKind.NonRetryable, result.Error.Kind);
        Assert.Contains(result.Error.Code, new[] { "InvalidArgumentException", "ValidationException", "ExpiredIteratorException" });
    }

    [Fact]
    public async Task An_unsigned_request_is_refused_by_kinesalite_so_the_client_really_signs()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, kinesalite.Endpoint)
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202.ListStreams");
        using var response = await http.SendAsync(request);
        Assert.Contains("MissingAuthenticationToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The same call through the client succeeds (ListShards on a missing stream fails on the stream, not the signature).
        var signed = await _client.ListShardsAsync(NewStreamName());
        Assert.Equal("ResourceNotFoundException", signed.Error?.Code);
    }
}
