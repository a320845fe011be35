using System.Text;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Delivery;

/// <summary>
/// Delivers to a Kinesis data stream with <c>PutRecords</c>: one Kinesis record per subscription record (its gzip
/// JSON as the data, its partition key as chosen by the filter's distribution), at most 500 records and 5 MiB (data
/// plus partition keys) per call, 1 MiB per record.
/// </summary>
internal sealed class KinesisDestinationAdapter : BatchDestinationAdapter
{
    private readonly KinesisClient _client;
    private readonly string _stream;

    /// <param name="client">The client for the stream's region.</param>
    /// <param name="stream">The stream name or ARN, as <c>PutRecords</c> should name it.</param>
    /// <param name="outcomes">The shared failure classification.</param>
    public KinesisDestinationAdapter(KinesisClient client, string stream, DeliveryOutcomes outcomes)
        : base(outcomes)
    {
        _client = client;
        _stream = stream;
    }

    /// <summary>The stream as <c>PutRecords</c> names it.</summary>
    public string Stream => _stream;

    protected override string CallName => "Kinesis PutRecords";

    protected override int MaxRecordsPerCall => AwsLimits.KinesisMaxRecordsPerPutRecords;

    protected override long MaxBytesPerCall => AwsLimits.KinesisMaxBytesPerPutRecords;

    protected override long MaxRecordBytes => AwsLimits.KinesisMaxRecordBytes;

    protected override long RecordSize(DeliveryRecord record) =>
        record.Data.Length + Encoding.UTF8.GetByteCount(record.PartitionKey);

    protected override async Task<AwsResult<IReadOnlyList<EntryResult>>> CallAsync(IReadOnlyList<DeliveryRecord> records, CancellationToken cancellationToken)
    {
        var request = new KinesisRecord[records.Count];
        for (var i = 0; i < request.Length; i++)
        {
            request[i] = new KinesisRecord(records[i].Data, records[i].PartitionKey);
        }

        var result = await _client.PutRecordsAsync(_stream, request, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess
            ? AwsResult.Success<IReadOnlyList<EntryResult>>(result.Value.Records.Select(e => new EntryResult(e.ErrorCode, e.ErrorMessage, e.ErrorKind)).ToArray())
            : AwsResult.Failure<IReadOnlyList<EntryResult>>(result.Error);
    }
}
