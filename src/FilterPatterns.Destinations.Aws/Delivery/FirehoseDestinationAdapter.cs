using FilterPatterns.Destinations.Aws.Firehose;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Delivery;

/// <summary>
/// Delivers to a Firehose stream with <c>PutRecordBatch</c>: one Firehose record per subscription record (its gzip
/// JSON, which Firehose must not compress again), at most 500 records and 4 MiB per call, 1,000 KiB per record.
/// </summary>
internal sealed class FirehoseDestinationAdapter : BatchDestinationAdapter
{
    private readonly FirehoseClient _client;
    private readonly string _deliveryStreamName;

    /// <param name="client">The client for the stream's region.</param>
    /// <param name="deliveryStreamName">The delivery stream's name.</param>
    /// <param name="outcomes">The shared failure classification.</param>
    public FirehoseDestinationAdapter(FirehoseClient client, string deliveryStreamName, DeliveryOutcomes outcomes)
        : base(outcomes)
    {
        _client = client;
        _deliveryStreamName = deliveryStreamName;
    }

    protected override string CallName => "Firehose PutRecordBatch";

    protected override int MaxRecordsPerCall => AwsLimits.FirehoseMaxRecordsPerBatch;

    protected override long MaxBytesPerCall => AwsLimits.FirehoseMaxBytesPerBatch;

    protected override long MaxRecordBytes => AwsLimits.FirehoseMaxRecordBytes;

    protected override long RecordSize(DeliveryRecord record) => record.Data.Length;

    protected override async Task<AwsResult<IReadOnlyList<EntryResult>>> CallAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken cancellationToken)
    {
        var request = new ReadOnlyMemory<byte>[records.Count];
        for (var i = 0; i < request.Length; i++)
        {
            request[i] = records[i].Data;
        }

        var result = await _client.PutRecordBatchAsync(_deliveryStreamName, request, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? AwsResult.Success<IReadOnlyList<EntryResult>>(result.Value.RequestResponses.Select(e => new EntryResult(e.ErrorCode, e.ErrorMessage, e.ErrorKind)).ToArray())
            : AwsResult.Failure<IReadOnlyList<EntryResult>>(result.Error);
    }
}
