namespace FilterPatterns.Destinations.Aws.Kinesis;

/// <summary>One record for <see cref="KinesisClient.PutRecordsAsync"/>.</summary>
/// <param name="Data">The payload (sent base64-encoded in the JSON body).</param>
/// <param name="PartitionKey">The partition key (1-256 Unicode characters); its MD5 hash picks the shard.</param>
/// <param name="ExplicitHashKey">A hash key to use instead of the partition key's hash, or <see langword="null"/>.</param>
public sealed record KinesisRecord(ReadOnlyMemory<byte> Data, string PartitionKey, string? ExplicitHashKey = null);

/// <summary>The per-record outcome of <c>PutRecords</c>, in the order of the records sent.</summary>
/// <param name="SequenceNumber">The sequence number of a stored record.</param>
/// <param name="ShardId">The shard of a stored record.</param>
/// <param name="ErrorCode"><c>ProvisionedThroughputExceededException</c> or <c>InternalFailure</c> for a record that was not stored.</param>
/// <param name="ErrorMessage">The error message for a record that was not stored.</param>
public sealed record KinesisPutRecordsEntry(string? SequenceNumber, string? ShardId, string? ErrorCode, string? ErrorMessage)
{
    /// <summary>True if the record was stored.</summary>
    public bool IsSuccess => ErrorCode is null;

    /// <summary>How to retry a failed record; <see langword="null"/> for a stored one.</summary>
    public AwsErrorKind? ErrorKind => ErrorCode is null ? null : AwsErrorClassifier.Classify(ErrorCode, null);
}

/// <summary>The result of <c>PutRecords</c>: some records may have failed even though the call succeeded.</summary>
/// <param name="FailedRecordCount">How many records failed.</param>
/// <param name="Records">One entry per record sent, in order.</param>
/// <param name="EncryptionType"><c>NONE</c> or <c>KMS</c>, when the service says.</param>
/// <param name="RequestId">The AWS request id.</param>
public sealed record KinesisPutRecordsResult(int FailedRecordCount, IReadOnlyList<KinesisPutRecordsEntry> Records, string? EncryptionType, string? RequestId)
{
    /// <summary>The positions (in the request) of the records that failed, for a retry of only those.</summary>
    public IReadOnlyList<int> FailedIndexes() =>
        Records.Select((r, i) => (r, i)).Where(x => !x.r.IsSuccess).Select(x => x.i).ToList();
}

/// <summary>The summary of a stream from <c>DescribeStreamSummary</c>.</summary>
/// <param name="StreamName">The stream name.</param>
/// <param name="StreamArn">The stream ARN.</param>
/// <param name="StreamStatus"><c>CREATING</c>, <c>DELETING</c>, <c>ACTIVE</c> or <c>UPDATING</c>.</param>
/// <param name="OpenShardCount">The number of open shards.</param>
/// <param name="RetentionPeriodHours">The retention period.</param>
/// <param name="StreamCreationTimestamp">When the stream was created.</param>
/// <param name="StreamMode"><c>PROVISIONED</c> or <c>ON_DEMAND</c>, when the service says.</param>
public sealed record KinesisStreamSummary(
    string StreamName,
    string? StreamArn,
    string StreamStatus,
    int OpenShardCount,
    int? RetentionPeriodHours,
    DateTimeOffset? StreamCreationTimestamp,
    string? StreamMode)
{
    /// <summary>True when the stream accepts reads and writes.</summary>
    public bool IsActive => StreamStatus is "ACTIVE" or "UPDATING";
}

/// <summary>A shard from <c>ListShards</c>.</summary>
/// <param name="ShardId">The shard id, for example <c>shardId-000000000000</c>.</param>
/// <param name="StartingHashKey">The lowest hash key the shard holds.</param>
/// <param name="EndingHashKey">The highest hash key the shard holds.</param>
/// <param name="StartingSequenceNumber">The first sequence number of the shard.</param>
/// <param name="EndingSequenceNumber">The last sequence number of a closed shard, else <see langword="null"/>.</param>
/// <param name="ParentShardId">The parent shard after a split or merge.</param>
public sealed record KinesisShard(
    string ShardId,
    string? StartingHashKey,
    string? EndingHashKey,
    string? StartingSequenceNumber,
    string? EndingSequenceNumber,
    string? ParentShardId);

/// <summary>One page of <c>ListShards</c>.</summary>
/// <param name="Shards">The shards of this page.</param>
/// <param name="NextToken">The token for the next page, or <see langword="null"/> on the last page.</param>
public sealed record KinesisListShardsResult(IReadOnlyList<KinesisShard> Shards, string? NextToken);

/// <summary>Where a shard iterator starts reading.</summary>
public enum KinesisShardIteratorType
{
    /// <summary>At the oldest record still retained.</summary>
    TrimHorizon,

    /// <summary>After the newest record: only records put from now on.</summary>
    Latest,

    /// <summary>At a given sequence number.</summary>
    AtSequenceNumber,

    /// <summary>Right after a given sequence number.</summary>
    AfterSequenceNumber,

    /// <summary>At the first record at or after a given time.</summary>
    AtTimestamp,
}

/// <summary>A record read back with <c>GetRecords</c>.</summary>
/// <param name="SequenceNumber">The sequence number.</param>
/// <param name="PartitionKey">The partition key.</param>
/// <param name="Data">The payload, base64-decoded.</param>
/// <param name="ApproximateArrivalTimestamp">When the stream received it.</param>
public sealed record KinesisStoredRecord(string SequenceNumber, string PartitionKey, ReadOnlyMemory<byte> Data, DateTimeOffset? ApproximateArrivalTimestamp);

/// <summary>One batch of <c>GetRecords</c>.</summary>
/// <param name="Records">The records read.</param>
/// <param name="NextShardIterator">The iterator for the next call, or <see langword="null"/> if the shard is closed and read to its end.</param>
/// <param name="MillisBehindLatest">How far behind the tip of the stream this batch is.</param>
public sealed record KinesisGetRecordsResult(IReadOnlyList<KinesisStoredRecord> Records, string? NextShardIterator, long? MillisBehindLatest);
