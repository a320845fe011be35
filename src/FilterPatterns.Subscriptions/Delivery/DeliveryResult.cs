namespace FilterPatterns.Subscriptions;

/// <summary>What happened to one record.</summary>
public enum DeliveryOutcome
{
    /// <summary>The target accepted the record.</summary>
    Delivered,

    /// <summary>The target throttled the record (e.g. Kinesis <c>ProvisionedThroughputExceededException</c>); retried with backoff, counted as <c>DeliveryThrottling</c>.</summary>
    Throttled,

    /// <summary>A transient failure (5xx, timeout, connection refused); retried with backoff, counted as <c>DeliveryErrors</c>.</summary>
    RetryableError,

    /// <summary>A permanent failure (access denied, not found); not retried, the filter is disabled for a window, counted as <c>DeliveryErrors</c>.</summary>
    NonRetryableError,
}

/// <summary>The outcome of one record, with the target's error code and message when it failed.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="ErrorCode">The target's error code, e.g. <c>ProvisionedThroughputExceededException</c>.</param>
/// <param name="ErrorMessage">The target's error message.</param>
public readonly record struct RecordOutcome(DeliveryOutcome Outcome, string? ErrorCode = null, string? ErrorMessage = null)
{
    /// <summary>The record was delivered.</summary>
    public static RecordOutcome Success { get; } = new(DeliveryOutcome.Delivered);

    /// <summary>Whether the record was delivered.</summary>
    public bool IsDelivered => Outcome == DeliveryOutcome.Delivered;
}

/// <summary>What an <see cref="IDestinationAdapter"/> reports for a <see cref="DeliveryBatch"/>: one outcome for all records, or one per record.</summary>
public sealed class DeliveryResult
{
    private readonly RecordOutcome _all;
    private readonly IReadOnlyList<RecordOutcome>? _perRecord;

    private DeliveryResult(RecordOutcome all, IReadOnlyList<RecordOutcome>? perRecord)
    {
        _all = all;
        _perRecord = perRecord;
    }

    /// <summary>Every record was delivered.</summary>
    public static DeliveryResult Delivered { get; } = new(RecordOutcome.Success, null);

    /// <summary>The same outcome for every record of the batch.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult ForAll(RecordOutcome outcome) => new(outcome, null);

    /// <summary>One outcome per record, in the batch's order (partial success).</summary>
    /// <param name="outcomes">The outcomes; must have one per record.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult PerRecord(IReadOnlyList<RecordOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return new(default, outcomes);
    }

    /// <summary>Whether the result has one outcome per record.</summary>
    public bool IsPerRecord => _perRecord is not null;

    /// <summary>The number of per-record outcomes, or -1 when one outcome applies to all.</summary>
    public int Count => _perRecord?.Count ?? -1;

    /// <summary>The outcome of the record at <paramref name="index"/>.</summary>
    /// <param name="index">The record's index in the batch.</param>
    /// <returns>Its outcome.</returns>
    public RecordOutcome GetOutcome(int index) => _perRecord is null ? _all : _perRecord[index];
}
