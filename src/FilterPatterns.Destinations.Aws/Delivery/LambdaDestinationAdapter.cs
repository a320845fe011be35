using FilterPatterns.Destinations.Aws.Lambda;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Delivery;

/// <summary>
/// Delivers to a Lambda function: one asynchronous <c>Invoke</c> (<c>X-Amz-Invocation-Type: Event</c>) per record,
/// with the <c>{"awslogs":{"data":"&lt;base64 gzip&gt;"}}</c> event, a bounded number at a time. Each invocation has
/// its own outcome (Lambda's asynchronous queue does not keep order anyway).
/// </summary>
internal sealed class LambdaDestinationAdapter : IDestinationAdapter
{
    private readonly LambdaClient _client;
    private readonly string _function;
    private readonly DeliveryOutcomes _outcomes;
    private readonly int _maxConcurrency;

    /// <param name="client">The client for the function's region.</param>
    /// <param name="function">The function ARN (with its qualifier, if any).</param>
    /// <param name="outcomes">The shared failure classification.</param>
    /// <param name="maxConcurrency">How many invocations run at once.</param>
    public LambdaDestinationAdapter(LambdaClient client, string function, DeliveryOutcomes outcomes, int maxConcurrency)
    {
        _client = client;
        _function = function;
        _outcomes = outcomes;
        _maxConcurrency = maxConcurrency;
    }

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var records = batch.Records;
        var outcomes = new RecordOutcome[records.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = _maxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, records.Count, options, async (i, ct) =>
            outcomes[i] = await InvokeAsync(records[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return Array.TrueForAll(outcomes, o => o.IsDelivered) ? DeliveryResult.Delivered : DeliveryResult.PerRecord(outcomes);
    }

    private async Task<RecordOutcome> InvokeAsync(DeliveryRecord record, CancellationToken cancellationToken)
    {
        var payload = record.ToLambdaEvent();
        if (payload.Length > _client.MaxPayloadBytes)
        {
            return DeliveryOutcomes.TooLarge(payload.Length, _client.MaxPayloadBytes, "an asynchronous Lambda invocation");
        }

        try
        {
            var result = await _client.InvokeEventAsync(_function, payload, qualifier: null, cancellationToken).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                _outcomes.Answered();
                return RecordOutcome.Success;
            }

            return _outcomes.FromError(result.Error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A delivery failure is reported as an outcome, never thrown at the pipeline.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return DeliveryOutcomes.FromException(ex);
        }
    }
}
