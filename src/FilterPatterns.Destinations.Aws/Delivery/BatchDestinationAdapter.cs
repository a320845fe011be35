using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Delivery;

/// <summary>The outcome of one record of a batch call that the service accepted: stored, or failed with a code.</summary>
/// <param name="ErrorCode">The record's error code, or <see langword="null"/> when it was stored.</param>
/// <param name="ErrorMessage">The record's error message.</param>
/// <param name="Kind">How to retry a failed record.</param>
internal readonly record struct EntryResult(string? ErrorCode, string? ErrorMessage, AwsErrorKind? Kind);

/// <summary>
/// An adapter for a service that takes records in batch calls (Kinesis <c>PutRecords</c>, Firehose
/// <c>PutRecordBatch</c>): splits a <see cref="DeliveryBatch"/> into calls within the service's per-call limits, sends
/// them one after the other in order, and maps the call's and each record's result to a <see cref="RecordOutcome"/>.
/// </summary>
/// <remarks>
/// When a call fails as a whole (throttled, 5xx, timeout, connection refused or reset, access denied), the calls that
/// would follow it are not made and their records get the same outcome: they would meet the same fate, and sending
/// later records while earlier ones wait for a retry would only reorder them. Never throws for a delivery failure;
/// only cancellation of the given token escapes.
/// </remarks>
internal abstract class BatchDestinationAdapter : IDestinationAdapter
{
    private readonly DeliveryOutcomes _outcomes;

    protected BatchDestinationAdapter(DeliveryOutcomes outcomes) => _outcomes = outcomes;

    /// <summary>The service's name in messages (<c>Kinesis PutRecords</c>).</summary>
    protected abstract string CallName { get; }

    /// <summary>Most records per call.</summary>
    protected abstract int MaxRecordsPerCall { get; }

    /// <summary>Most bytes per call, counted as <see cref="RecordSize"/> counts them.</summary>
    protected abstract long MaxBytesPerCall { get; }

    /// <summary>Most bytes of one record, counted as <see cref="RecordSize"/> counts them.</summary>
    protected abstract long MaxRecordBytes { get; }

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = batch.Records;
        var outcomes = new RecordOutcome[records.Count];
        var sendable = new List<int>(records.Count);
        for (var i = 0; i < records.Count; i++)
        {
            var size = RecordSize(records[i]);
            if (size > MaxRecordBytes)
            {
                outcomes[i] = DeliveryOutcomes.TooLarge(size, MaxRecordBytes, CallName);
            }
            else
            {
                sendable.Add(i);
            }
        }

        RecordOutcome? callFailure = null;
        foreach (var chunk in RecordChunker.Chunk(sendable, i => RecordSize(records[i]), MaxRecordsPerCall, MaxBytesPerCall))
        {
            if (callFailure is { } failed)
            {
                chunk.ForEach(i => outcomes[i] = failed);
                continue;
            }

            callFailure = await SendAsync(records, chunk, outcomes, cancellationToken).ConfigureAwait(false);
        }

        return Array.TrueForAll(outcomes, o => o.IsDelivered) ? DeliveryResult.Delivered : DeliveryResult.PerRecord(outcomes);
    }

    /// <summary>The size of a record as the service counts it against its limits.</summary>
    protected abstract long RecordSize(DeliveryRecord record);

    /// <summary>Makes one call with <paramref name="records"/>; returns one entry per record, in order, or the call's error.</summary>
    protected abstract Task<AwsResult<IReadOnlyList<EntryResult>>> CallAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken cancellationToken);

    /// <summary>Sends one chunk and fills in its outcomes; returns the outcome of a call that failed as a whole.</summary>
    private async Task<RecordOutcome?> SendAsync(IReadOnlyList<DeliveryRecord> all, List<int> chunk, RecordOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var records = chunk.ConvertAll(i => all[i]);
        RecordOutcome callOutcome;
        try
        {
            var result = await CallAsync(records, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                _outcomes.Answered();
                for (var j = 0; j < chunk.Count; j++)
                {
                    var entry = result.Value[j];
                    outcomes[chunk[j]] = entry.ErrorCode is null
                        ? RecordOutcome.Success
                        : DeliveryOutcomes.FromEntry(entry.Kind ?? AwsErrorKind.Retryable, entry.ErrorCode, entry.ErrorMessage);
                }

                return null;
            }

            callOutcome = _outcomes.FromError(result.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A delivery failure is reported as an outcome, never thrown at the pipeline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            callOutcome = DeliveryOutcomes.FromException(ex);
        }

        chunk.ForEach(i => outcomes[i] = callOutcome);
        return callOutcome;
    }
}
