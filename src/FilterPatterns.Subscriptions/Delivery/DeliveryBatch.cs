namespace FilterPatterns.Subscriptions;

/// <summary>Records bound for one physical target, handed to an <see cref="IDestinationAdapter"/>.</summary>
public sealed class DeliveryBatch
{
    /// <summary>Creates a batch.</summary>
    /// <param name="targetArn">The physical target's ARN (Kinesis, Firehose or Lambda; never a logical destination).</param>
    /// <param name="targetType">The target's type.</param>
    /// <param name="records">The records, in the order the pipeline accepted them.</param>
    /// <param name="attempt">1 for the first attempt, then 2, 3… for retries of the records that failed.</param>
    public DeliveryBatch(string targetArn, DestinationType targetType, IReadOnlyList<DeliveryRecord> records, int attempt)
    {
        ArgumentNullException.ThrowIfNull(targetArn);
        ArgumentNullException.ThrowIfNull(records);
        TargetArn = targetArn;
        TargetType = targetType;
        Records = records;
        Attempt = attempt;
    }

    /// <summary>The physical target's ARN.</summary>
    public string TargetArn { get; }

    /// <summary>The target's type: <see cref="DestinationType.Kinesis"/>, <see cref="DestinationType.Firehose"/> or <see cref="DestinationType.Lambda"/>.</summary>
    public DestinationType TargetType { get; }

    /// <summary>The records.</summary>
    public IReadOnlyList<DeliveryRecord> Records { get; }

    /// <summary>1-based attempt number.</summary>
    public int Attempt { get; }
}

/// <summary>
/// One payload for a destination: a DATA_MESSAGE for one (filter, log stream) batch of events, or a CONTROL_MESSAGE.
/// </summary>
public sealed class DeliveryRecord
{
    /// <summary>Creates a record.</summary>
    /// <param name="message">The message.</param>
    /// <param name="data">Its gzip-compressed JSON (<see cref="SubscriptionPayload.Encode"/>).</param>
    /// <param name="partitionKey">The Kinesis partition key chosen by the filter's distribution.</param>
    /// <param name="destinationArn">The destination ARN of the filter (a logical destination for cross-account delivery).</param>
    public DeliveryRecord(SubscriptionMessage message, ReadOnlyMemory<byte> data, string partitionKey, string destinationArn)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(partitionKey);
        ArgumentNullException.ThrowIfNull(destinationArn);
        Message = message;
        Data = data;
        PartitionKey = partitionKey;
        DestinationArn = destinationArn;
    }

    /// <summary>The message, decoded (for adapters that must re-split it, and for reports).</summary>
    public SubscriptionMessage Message { get; }

    /// <summary>gzip(JSON): what a Kinesis or Firehose record carries, and what <c>ForwardedBytes</c> counts.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>
    /// The partition key: for <c>ByLogStream</c> the same for every record of one log stream, for <c>Random</c> a fresh
    /// random value per record.
    /// </summary>
    public string PartitionKey { get; }

    /// <summary>The destination ARN as the subscription filter names it.</summary>
    public string DestinationArn { get; }

    /// <summary>How many log events the record carries (0 for a control message).</summary>
    public int EventCount => Message.IsControlMessage ? 0 : Message.LogEvents.Count;

    /// <summary>The Lambda invocation event for this record: <c>{"awslogs":{"data":"&lt;base64&gt;"}}</c>.</summary>
    /// <returns>The event body as UTF-8.</returns>
    public byte[] ToLambdaEvent() => SubscriptionPayload.ToLambdaEvent(Data.Span);
}
