namespace FilterPatterns.Destinations.Aws;

/// <summary>Service limits that the clients check before sending, so that a batcher can split work to fit.</summary>
public static class AwsLimits
{
    /// <summary>Most records in one Kinesis <c>PutRecords</c> call.</summary>
    public const int KinesisMaxRecordsPerPutRecords = 500;

    /// <summary>Most bytes in one Kinesis <c>PutRecords</c> call (data and partition keys of all records): 5 MiB.</summary>
    public const int KinesisMaxBytesPerPutRecords = 5 * 1024 * 1024;

    /// <summary>Most bytes in one Kinesis record (data plus partition key): 1 MiB.</summary>
    public const int KinesisMaxRecordBytes = 1024 * 1024;

    /// <summary>Longest Kinesis partition key, in Unicode characters.</summary>
    public const int KinesisMaxPartitionKeyLength = 256;

    /// <summary>Most records in one Firehose <c>PutRecordBatch</c> call.</summary>
    public const int FirehoseMaxRecordsPerBatch = 500;

    /// <summary>Most bytes in one Firehose <c>PutRecordBatch</c> call (record data, before base64): 4 MiB.</summary>
    public const int FirehoseMaxBytesPerBatch = 4 * 1024 * 1024;

    /// <summary>Most bytes in one Firehose record (before base64): 1,000 KiB.</summary>
    public const int FirehoseMaxRecordBytes = 1000 * 1024;

    /// <summary>
    /// Largest payload of an asynchronous (<c>Event</c>) Lambda <c>Invoke</c>: 1 MB per the current Lambda API reference
    /// ("For asynchronous invocations, the maximum payload size is 1 MB"), taken as 1,048,576 bytes.
    /// </summary>
    public const int LambdaMaxAsyncPayloadBytes = 1024 * 1024;

    /// <summary>
    /// The former asynchronous <c>Invoke</c> payload limit, 256 KB (262,144 bytes), still the limit of the deprecated
    /// <c>InvokeAsync</c> API and of accounts or regions not yet on the 1 MB limit. Use it to stay on the safe side.
    /// </summary>
    public const int LambdaLegacyMaxAsyncPayloadBytes = 256 * 1024;
}
