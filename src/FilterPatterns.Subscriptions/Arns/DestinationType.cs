namespace FilterPatterns.Subscriptions;

/// <summary>What a destination ARN points at, decided by the ARN's service and resource type.</summary>
public enum DestinationType
{
    /// <summary>An Amazon Kinesis Data Streams stream (<c>arn:aws:kinesis:…:stream/NAME</c>).</summary>
    Kinesis,

    /// <summary>An Amazon Data Firehose stream (<c>arn:aws:firehose:…:deliverystream/NAME</c>).</summary>
    Firehose,

    /// <summary>An AWS Lambda function (<c>arn:aws:lambda:…:function:NAME</c>).</summary>
    Lambda,

    /// <summary>A CloudWatch Logs logical destination created by <c>PutDestination</c> (<c>arn:aws:logs:…:destination:NAME</c>).</summary>
    LogicalDestination,
}
