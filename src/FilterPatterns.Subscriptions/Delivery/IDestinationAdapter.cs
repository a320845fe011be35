namespace FilterPatterns.Subscriptions;

/// <summary>
/// Ships records to one kind of endpoint (an in-memory list, a file, Kinesis, Firehose, Lambda). Adapters only ship
/// and classify: the delivery pipeline owns batching, retries with backoff, disable windows, reporting and metrics.
/// </summary>
/// <remarks>
/// <para>The pipeline calls an adapter for one target ARN at a time (never concurrently for the same target), with
/// at most <see cref="SubscriptionServiceOptions.MaxRecordsPerBatch"/> records and
/// <see cref="SubscriptionServiceOptions.MaxBytesPerBatch"/> bytes, each record already within the target's
/// record-size limit. On a retry it passes only the records that failed.</para>
/// <para>Report outcomes rather than throwing: <see cref="DeliveryResult.Delivered"/>, one outcome for the whole batch,
/// or one per record for partial success. An exception other than cancellation of the given token counts as a
/// retryable failure of every record.</para>
/// </remarks>
public interface IDestinationAdapter
{
    /// <summary>Delivers <paramref name="batch"/> and says, per record, what happened.</summary>
    /// <param name="batch">The records for one target.</param>
    /// <param name="cancellationToken">Cancelled when the service shuts down.</param>
    /// <returns>The outcome of every record.</returns>
    ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken);
}
