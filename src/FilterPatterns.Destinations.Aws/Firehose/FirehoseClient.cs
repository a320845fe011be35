using System.Text.Json;
using FilterPatterns.Destinations.Aws.Internal;

namespace FilterPatterns.Destinations.Aws.Firehose;

/// <summary>The per-record outcome of <c>PutRecordBatch</c>, in the order of the records sent.</summary>
/// <param name="RecordId">The id of a stored record.</param>
/// <param name="ErrorCode"><c>ServiceUnavailableException</c>, <c>InternalFailure</c> or another code for a record that was not stored.</param>
/// <param name="ErrorMessage">The error message for a record that was not stored.</param>
public sealed record FirehosePutRecordBatchEntry(string? RecordId, string? ErrorCode, string? ErrorMessage)
{
    /// <summary>True if the record was stored.</summary>
    public bool IsSuccess => ErrorCode is null;

    /// <summary>How to retry a failed record; <see langword="null"/> for a stored one.</summary>
    public AwsErrorKind? ErrorKind => ErrorCode is null ? null : AwsErrorClassifier.Classify(ErrorCode, null);
}

/// <summary>The result of <c>PutRecordBatch</c>: some records may have failed even though the call succeeded.</summary>
/// <param name="FailedPutCount">How many records failed.</param>
/// <param name="Encrypted">Whether server-side encryption was used, when the service says.</param>
/// <param name="RequestResponses">One entry per record sent, in order.</param>
/// <param name="RequestId">The AWS request id.</param>
public sealed record FirehosePutRecordBatchResult(int FailedPutCount, bool? Encrypted, IReadOnlyList<FirehosePutRecordBatchEntry> RequestResponses, string? RequestId)
{
    /// <summary>The positions (in the request) of the records that failed, for a retry of only those.</summary>
    public IReadOnlyList<int> FailedIndexes() =>
        RequestResponses.Select((r, i) => (r, i)).Where(x => !x.r.IsSuccess).Select(x => x.i).ToList();
}

/// <summary>
/// A minimal Amazon Data Firehose client over <see cref="HttpClient"/>: <c>PutRecordBatch</c> over the AWS JSON 1.1
/// protocol (<c>X-Amz-Target: Firehose_20150804.PutRecordBatch</c>), signed with SigV4 for the <c>firehose</c> service.
/// Calls return an <see cref="AwsResult{T}"/> and never retry.
/// </summary>
public sealed class FirehoseClient : IDisposable
{
    /// <summary>The SigV4 signing name and endpoint prefix.</summary>
    public const string ServiceName = "firehose";

    private const string TargetPrefix = "Firehose_20150804.";

    private readonly AwsHttpTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials and timeout; defaults from the environment when <see langword="null"/>.</param>
    /// <param name="httpClient">The HTTP client to use (not disposed by this client); a private one when <see langword="null"/>.</param>
    public FirehoseClient(AwsClientOptions? options = null, HttpClient? httpClient = null)
    {
        _transport = new AwsHttpTransport(ServiceName, ServiceName, options, httpClient);
    }

    /// <summary>The region requests are signed for.</summary>
    public string Region => _transport.Region;

    /// <summary>The endpoint requests are sent to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>
    /// Writes up to <see cref="AwsLimits.FirehoseMaxRecordsPerBatch"/> records. The call can succeed while some
    /// records fail: check <see cref="FirehosePutRecordBatchResult.FailedPutCount"/> and each entry.
    /// </summary>
    /// <param name="deliveryStream">The delivery stream name, or its ARN (whose name is used).</param>
    /// <param name="records">The record payloads (sent base64-encoded), within the limits of <see cref="AwsLimits"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The batch is empty or breaks a Firehose limit.</exception>
    public Task<AwsResult<FirehosePutRecordBatchResult>> PutRecordBatchAsync(string deliveryStream, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deliveryStream);
        var name = deliveryStream.StartsWith("arn:", StringComparison.Ordinal)
            ? FirehoseDeliveryStreamArn.Parse(deliveryStream).DeliveryStreamName
            : deliveryStream;
        ValidateBatch(records);
        var body = Json.Write(w =>
        {
            w.WriteString("DeliveryStreamName", name);
            w.WriteStartArray("Records");
            foreach (var record in records)
            {
                w.WriteStartObject();
                w.WriteBase64String("Data", record.Span);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });

        return _transport.CallJsonAsync(TargetPrefix + "PutRecordBatch", "PutRecordBatch", body, (root, response) =>
        {
            var entries = root.Array("RequestResponses").Select(e => new FirehosePutRecordBatchEntry(
                e.String("RecordId"), e.String("ErrorCode"), e.String("ErrorMessage"))).ToList();
            if (entries.Count != records.Count)
            {
                throw new JsonException($"PutRecordBatch returned {entries.Count} results for {records.Count} records.");
            }

            var failed = (int)(root.Int64("FailedPutCount") ?? entries.Count(e => !e.IsSuccess));
            return new FirehosePutRecordBatchResult(failed, root.Boolean("Encrypted"), entries, response.RequestId);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    /// <summary>Checks a batch against the Firehose <c>PutRecordBatch</c> limits.</summary>
    /// <exception cref="ArgumentException">The batch is empty or breaks a limit; the message says which.</exception>
    public static void ValidateBatch(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count is 0 or > AwsLimits.FirehoseMaxRecordsPerBatch)
        {
            throw new ArgumentException($"PutRecordBatch takes 1 to {AwsLimits.FirehoseMaxRecordsPerBatch} records, not {records.Count}.", nameof(records));
        }

        long total = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var size = records[i].Length;
            if (size > AwsLimits.FirehoseMaxRecordBytes)
            {
                throw new ArgumentException($"Record {i} is {size} bytes; Firehose takes at most {AwsLimits.FirehoseMaxRecordBytes} per record.", nameof(records));
            }

            total += size;
        }

        if (total > AwsLimits.FirehoseMaxBytesPerBatch)
        {
            throw new ArgumentException($"The batch is {total} bytes; PutRecordBatch takes at most {AwsLimits.FirehoseMaxBytesPerBatch}.", nameof(records));
        }
    }
}
