namespace FilterPatterns.Subscriptions.Arns;

/// <summary>Facts about each <see cref="DestinationType"/>.</summary>
internal static class DestinationTypes
{
    /// <summary>The value of the <c>DestinationType</c> metric dimension, as CloudWatch Logs publishes it.</summary>
    public static string MetricDimension(DestinationType type) => type switch
    {
        DestinationType.Kinesis => "Kinesis Data Streams",
        DestinationType.Firehose => "Firehose",
        DestinationType.Lambda => "Lambda",
        _ => "Logical Destination",
    };

    /// <summary>The vendor word in AWS's <c>destinationArn for vendor … cannot be used without roleArn</c>.</summary>
    public static string Vendor(DestinationType type) => type switch
    {
        DestinationType.Kinesis => "kinesis",
        DestinationType.Firehose => "firehose",
        DestinationType.Lambda => "lambda",
        _ => "logs",
    };

    /// <summary>
    /// Largest record, in bytes, that the target accepts: Kinesis 1 MiB per record (less the 256-character partition key),
    /// Firehose 1,000 KiB, Lambda 256 KiB asynchronous invocation payload (which carries base64, so 3/4 of it is data).
    /// </summary>
    public static int MaxRecordBytes(DestinationType type) => type switch
    {
        DestinationType.Kinesis => (1024 * 1024) - 256,
        DestinationType.Firehose => 1000 * 1024,
        DestinationType.Lambda => ((256 * 1024) - 64) / 4 * 3,
        _ => 1000 * 1024,
    };

    /// <summary>Whether CloudWatch Logs sends a CONTROL_MESSAGE to this type when a filter or destination is created.</summary>
    public static bool ReceivesControlMessages(DestinationType type) =>
        type is DestinationType.Kinesis or DestinationType.Firehose;

    /// <summary>The health-check text of the CONTROL_MESSAGE for this type.</summary>
    public static string ControlMessageText(DestinationType type) => type switch
    {
        DestinationType.Firehose => "CWL CONTROL MESSAGE: Checking health of destination Firehose.",
        _ => "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.",
    };
}
