using System.Text;
using System.Text.Json;
using FilterPatterns.Destinations.Aws.Internal;

namespace FilterPatterns.Destinations.Aws.Kinesis;

/// <summary>
/// A minimal Kinesis Data Streams client over <see cref="HttpClient"/>: the AWS JSON 1.1 protocol
/// (<c>X-Amz-Target: Kinesis_20131202.&lt;Operation&gt;</c>), signed with SigV4 for the <c>kinesis</c> service.
/// Calls return an <see cref="AwsResult{T}"/> and never retry.
/// </summary>
/// <remarks>
/// Wherever a stream is named, the value may be a stream name or a stream ARN
/// (<c>arn:aws:kinesis:region:account:stream/name</c>); an ARN is sent as <c>StreamARN</c>, which real Kinesis
/// accepts (and needs for cross-account streams) but emulators such as kinesalite do not.
/// </remarks>
public sealed class KinesisClient : IDisposable
{
    /// <summary>The SigV4 signing name and endpoint prefix.</summary>
    public const string ServiceName = "kinesis";

    private const string TargetPrefix = "Kinesis_20131202.";

    private readonly AwsHttpTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials and timeout; defaults from the environment when <see langword="null"/>.</param>
    /// <param name="httpClient">The HTTP client to use (not disposed by this client); a private one when <see langword="null"/>.</param>
    public KinesisClient(AwsClientOptions? options = null, HttpClient? httpClient = null)
    {
        _transport = new AwsHttpTransport(ServiceName, ServiceName, options, httpClient);
    }

    /// <summary>The region requests are signed for.</summary>
    public string Region => _transport.Region;

    /// <summary>The endpoint requests are sent to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>
    /// Writes up to <see cref="AwsLimits.KinesisMaxRecordsPerPutRecords"/> records. The call can succeed while some
    /// records fail: check <see cref="KinesisPutRecordsResult.FailedRecordCount"/> and each entry.
    /// </summary>
    /// <param name="stream">The stream name or ARN.</param>
    /// <param name="records">The records, within the limits of <see cref="AwsLimits"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The batch is empty or breaks a Kinesis limit.</exception>
    public async Task<AwsResult<KinesisPutRecordsResult>> PutRecordsAsync(string stream, IReadOnlyList<KinesisRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ValidateBatch(records);
        var body = Json.Write(w =>
        {
            w.WriteStartArray("Records");
            foreach (var record in records)
            {
                w.WriteStartObject();
                w.WriteBase64String("Data", record.Data.Span);
                if (record.ExplicitHashKey is not null)
                {
                    w.WriteString("ExplicitHashKey", record.ExplicitHashKey);
                }

                w.WriteString("PartitionKey", record.PartitionKey);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteStream(w, stream);
        });

        return await CallAsync("PutRecords", body, (root, response) =>
        {
            var entries = root.Array("Records").Select(e => new KinesisPutRecordsEntry(
                e.String("SequenceNumber"), e.String("ShardId"), e.String("ErrorCode"), e.String("ErrorMessage"))).ToList();
            if (entries.Count != records.Count)
            {
                throw new JsonException($"PutRecords returned {entries.Count} results for {records.Count} records.");
            }

            var failed = (int)(root.Int64("FailedRecordCount") ?? entries.Count(e => !e.IsSuccess));
            return new KinesisPutRecordsResult(failed, entries, root.String("EncryptionType"), response.RequestId);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a provisioned stream. It is <c>CREATING</c> at first: see <see cref="WaitForStreamActiveAsync"/>.</summary>
    /// <param name="streamName">The stream name (not an ARN).</param>
    /// <param name="shardCount">The number of shards.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AwsResult<AwsResponseMetadata>> CreateStreamAsync(string streamName, int shardCount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(streamName);
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var body = Json.Write(w =>
        {
            w.WriteNumber("ShardCount", shardCount);
            w.WriteString("StreamName", streamName);
        });
        return CallAsync("CreateStream", body, static (_, response) => new AwsResponseMetadata(response.RequestId), cancellationToken);
    }

    /// <summary>Deletes a stream.</summary>
    /// <param name="stream">The stream name or ARN.</param>
    /// <param name="enforceConsumerDeletion">Also deletes registered enhanced fan-out consumers.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AwsResult<AwsResponseMetadata>> DeleteStreamAsync(string stream, bool enforceConsumerDeletion = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        var body = Json.Write(w =>
        {
            if (enforceConsumerDeletion)
            {
                w.WriteBoolean("EnforceConsumerDeletion", true);
            }

            WriteStream(w, stream);
        });
        return CallAsync("DeleteStream", body, static (_, response) => new AwsResponseMetadata(response.RequestId), cancellationToken);
    }

    /// <summary>Describes a stream: status, shard count, retention.</summary>
    /// <param name="stream">The stream name or ARN.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AwsResult<KinesisStreamSummary>> DescribeStreamSummaryAsync(string stream, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        var body = Json.Write(w => WriteStream(w, stream));
        return CallAsync("DescribeStreamSummary", body, static (root, _) =>
        {
            var s = root.Object("StreamDescriptionSummary") ?? throw new JsonException("The response has no StreamDescriptionSummary.");
            return new KinesisStreamSummary(
                s.RequiredString("StreamName"),
                s.String("StreamARN"),
                s.RequiredString("StreamStatus"),
                (int)(s.Int64("OpenShardCount") ?? 0),
                (int?)s.Int64("RetentionPeriodHours"),
                s.EpochSeconds("StreamCreationTimestamp"),
                s.Object("StreamModeDetails")?.String("StreamMode"));
        }, cancellationToken);
    }

    /// <summary>Polls <see cref="DescribeStreamSummaryAsync"/> until the stream is <c>ACTIVE</c>, fails, or the timeout passes.</summary>
    /// <param name="stream">The stream name or ARN.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="pollInterval">How long to wait between polls; 100 ms when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The active stream's summary, the error of the last poll, or a <c>Timeout</c> error.</returns>
    public async Task<AwsResult<KinesisStreamSummary>> WaitForStreamActiveAsync(string stream, TimeSpan timeout, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var result = await DescribeStreamSummaryAsync(stream, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess && result.Value.StreamStatus == "ACTIVE")
            {
                return result;
            }

            if (!result.IsSuccess && !result.Error.IsRetryable)
            {
                return result;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                return AwsResult.Failure<KinesisStreamSummary>(new AwsError(
                    AwsErrorKind.Retryable, "Timeout", $"Stream '{stream}' was not ACTIVE within {timeout.TotalSeconds:0.#} s (last: {result})."));
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lists the shards of a stream, one page at a time.</summary>
    /// <param name="stream">The stream name or ARN (ignored when <paramref name="nextToken"/> is given).</param>
    /// <param name="nextToken">The token of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AwsResult<KinesisListShardsResult>> ListShardsAsync(string stream, string? nextToken = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        var body = Json.Write(w =>
        {
            if (nextToken is not null)
            {
                w.WriteString("NextToken", nextToken);
            }
            else
            {
                WriteStream(w, stream);
            }
        });
        return CallAsync("ListShards", body, static (root, _) =>
        {
            var shards = root.Array("Shards").Select(s => new KinesisShard(
                s.RequiredString("ShardId"),
                s.Object("HashKeyRange")?.String("StartingHashKey"),
                s.Object("HashKeyRange")?.String("EndingHashKey"),
                s.Object("SequenceNumberRange")?.String("StartingSequenceNumber"),
                s.Object("SequenceNumberRange")?.String("EndingSequenceNumber"),
                s.String("ParentShardId"))).ToList();
            return new KinesisListShardsResult(shards, root.String("NextToken"));
        }, cancellationToken);
    }

    /// <summary>Gets an iterator to read a shard from.</summary>
    /// <param name="stream">The stream name or ARN.</param>
    /// <param name="shardId">The shard id.</param>
    /// <param name="type">Where to start.</param>
    /// <param name="startingSequenceNumber">The sequence number, for the <c>*SequenceNumber</c> types.</param>
    /// <param name="timestamp">The time, for <see cref="KinesisShardIteratorType.AtTimestamp"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shard iterator.</returns>
    public Task<AwsResult<string>> GetShardIteratorAsync(
        string stream,
        string shardId,
        KinesisShardIteratorType type,
        string? startingSequenceNumber = null,
        DateTimeOffset? timestamp = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(shardId);
        if (type is KinesisShardIteratorType.AtSequenceNumber or KinesisShardIteratorType.AfterSequenceNumber && string.IsNullOrEmpty(startingSequenceNumber))
        {
            throw new ArgumentException($"{type} needs a starting sequence number.", nameof(startingSequenceNumber));
        }

        if (type is KinesisShardIteratorType.AtTimestamp && timestamp is null)
        {
            throw new ArgumentException("AtTimestamp needs a timestamp.", nameof(timestamp));
        }

        var body = Json.Write(w =>
        {
            w.WriteString("ShardId", shardId);
            w.WriteString("ShardIteratorType", type switch
            {
                KinesisShardIteratorType.TrimHorizon => "TRIM_HORIZON",
                KinesisShardIteratorType.Latest => "LATEST",
                KinesisShardIteratorType.AtSequenceNumber => "AT_SEQUENCE_NUMBER",
                KinesisShardIteratorType.AfterSequenceNumber => "AFTER_SEQUENCE_NUMBER",
                KinesisShardIteratorType.AtTimestamp => "AT_TIMESTAMP",
                _ => throw new ArgumentOutOfRangeException(nameof(type)),
            });
            if (startingSequenceNumber is not null)
            {
                w.WriteString("StartingSequenceNumber", startingSequenceNumber);
            }

            if (timestamp is { } t)
            {
                w.WriteNumber("Timestamp", t.ToUnixTimeMilliseconds() / 1000.0);
            }

            WriteStream(w, stream);
        });
        return CallAsync("GetShardIterator", body, static (root, _) => root.RequiredString("ShardIterator"), cancellationToken);
    }

    /// <summary>Reads the next batch of records from a shard iterator.</summary>
    /// <param name="shardIterator">The iterator from <see cref="GetShardIteratorAsync"/> or the previous call.</param>
    /// <param name="limit">The most records to return (1-10,000), or <see langword="null"/> for the service default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<AwsResult<KinesisGetRecordsResult>> GetRecordsAsync(string shardIterator, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shardIterator);
        if (limit is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit.Value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(limit.Value, 10_000);
        }

        var body = Json.Write(w =>
        {
            if (limit is { } l)
            {
                w.WriteNumber("Limit", l);
            }

            w.WriteString("ShardIterator", shardIterator);
        });
        return CallAsync("GetRecords", body, static (root, _) =>
        {
            var records = root.Array("Records").Select(r => new KinesisStoredRecord(
                r.RequiredString("SequenceNumber"),
                r.RequiredString("PartitionKey"),
                r.TryGetProperty("Data", out var data) ? data.GetBytesFromBase64() : [],
                r.EpochSeconds("ApproximateArrivalTimestamp"))).ToList();
            return new KinesisGetRecordsResult(records, root.String("NextShardIterator"), root.Int64("MillisBehindLatest"));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    /// <summary>Checks a batch against the Kinesis <c>PutRecords</c> limits.</summary>
    /// <exception cref="ArgumentException">The batch is empty or breaks a limit; the message says which.</exception>
    public static void ValidateBatch(IReadOnlyList<KinesisRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > AwsLimits.KinesisMaxRecordsPerPutRecords)
        {
            throw new ArgumentException($"PutRecords takes 1 to {AwsLimits.KinesisMaxRecordsPerPutRecords} records, not {records.Count}.", nameof(records));
        }

        long total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new ArgumentException($"Record {i} is null.", nameof(records));
            var key = record.PartitionKey;
            if (string.IsNullOrEmpty(key) || key.Length > AwsLimits.KinesisMaxPartitionKeyLength)
            {
                throw new ArgumentException($"Record {i} has a partition key of {key?.Length ?? 0} characters; Kinesis takes 1 to {AwsLimits.KinesisMaxPartitionKeyLength}.", nameof(records));
            }

            var size = (long)record.Data.Length + Encoding.UTF8.GetByteCount(key);
            if (size > AwsLimits.KinesisMaxRecordBytes)
            {
                throw new ArgumentException($"Record {i} is {size} bytes (data plus partition key); Kinesis takes at most {AwsLimits.KinesisMaxRecordBytes}.", nameof(records));
            }

            total += size;
        }

        if (total > AwsLimits.KinesisMaxBytesPerPutRecords)
        {
            throw new ArgumentException($"The batch is {total} bytes (data plus partition keys); PutRecords takes at most {AwsLimits.KinesisMaxBytesPerPutRecords}.", nameof(records));
        }
    }

    private static void WriteStream(Utf8JsonWriter writer, string stream)
    {
        if (stream.StartsWith("arn:", StringComparison.Ordinal))
        {
            _ = KinesisStreamArn.Parse(stream); // clear error for a malformed ARN
            writer.WriteString("StreamARN", stream);
        }
        else
        {
            writer.WriteString("StreamName", stream);
        }
    }

    private Task<AwsResult<T>> CallAsync<T>(string operation, byte[] body, Func<JsonElement, AwsHttpResponse, T> read, CancellationToken cancellationToken)
        where T : notnull => _transport.CallJsonAsync(TargetPrefix + operation, operation, body, read, cancellationToken);
}
