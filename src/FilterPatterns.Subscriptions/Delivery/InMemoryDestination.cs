namespace FilterPatterns.Subscriptions;

/// <summary>What an <see cref="InMemoryDestination"/> received: one record as the endpoint would see it.</summary>
/// <param name="TargetArn">The target it was sent to.</param>
/// <param name="TargetType">The target's type.</param>
/// <param name="PartitionKey">The Kinesis partition key.</param>
/// <param name="Payload">
/// The bytes the endpoint receives: the record data (gzip JSON) for Kinesis and Firehose, the invocation event
/// <c>{"awslogs":{"data":…}}</c> for Lambda.
/// </param>
public sealed record ReceivedRecord(string TargetArn, DestinationType TargetType, string PartitionKey, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Decodes <see cref="Payload"/> as the endpoint's consumer would (base64 for Lambda, gunzip, JSON).</summary>
    /// <returns>The message.</returns>
    public SubscriptionMessage Decode() => TargetType == DestinationType.Lambda
        ? SubscriptionPayload.DecodeLambdaEvent(Payload.Span)
        : SubscriptionPayload.Decode(Payload.Span);
}

/// <summary>
/// An adapter that keeps what it receives in memory: for tests, and for embedding the service in a process that consumes
/// payloads itself. <see cref="Behavior"/> can make it fail, throttle or partially fail on purpose. Thread-safe.
/// </summary>
public sealed class InMemoryDestination : IDestinationAdapter
{
    private readonly object _lock = new();
    private readonly List<ReceivedRecord> _received = [];
    private int _calls;

    /// <summary>
    /// Decides the outcome of each call before anything is stored; null (the default) delivers everything. Records whose
    /// outcome is <see cref="DeliveryOutcome.Delivered"/> are stored, the others are not.
    /// </summary>
    public Func<DeliveryBatch, DeliveryResult>? Behavior { get; set; }

    /// <summary>How many times <see cref="DeliverAsync"/> was called.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>A snapshot of the records received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRecord> Received
    {
        get
        {
            lock (_lock)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>The decoded messages received so far, in arrival order.</summary>
    /// <returns>The messages.</returns>
    public IReadOnlyList<SubscriptionMessage> DecodeAll() => Received.Select(r => r.Decode()).ToArray();

    /// <summary>Forgets what was received.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _received.Clear();
        }
    }

    /// <inheritdoc />
    public ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Interlocked.Increment(ref _calls);
        var result = Behavior?.Invoke(batch) ?? DeliveryResult.Delivered;
        lock (_lock)
        {
            for (var i = 0; i < batch.Records.Count; i++)
            {
                if (!result.GetOutcome(i).IsDelivered)
                {
                    continue;
                }

                var record = batch.Records[i];
                var payload = batch.TargetType == DestinationType.Lambda ? record.ToLambdaEvent() : record.Data;
                _received.Add(new ReceivedRecord(batch.TargetArn, batch.TargetType, record.PartitionKey, payload));
            }
        }

        return ValueTask.FromResult(result);
    }
}
