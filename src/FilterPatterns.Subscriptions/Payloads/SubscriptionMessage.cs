namespace FilterPatterns.Subscriptions;

/// <summary>One log event of a <see cref="SubscriptionMessage"/>.</summary>
/// <param name="Id">The event's id: a unique decimal string (empty in a CONTROL_MESSAGE).</param>
/// <param name="Timestamp">The event's timestamp, in milliseconds since the Unix epoch.</param>
/// <param name="Message">The raw message.</param>
public sealed record SubscriptionLogEvent(string Id, long Timestamp, string Message);

/// <summary>
/// What CloudWatch Logs sends to a subscription destination, before gzip: the envelope a Kinesis, Firehose or Lambda
/// consumer decodes. <see cref="SubscriptionPayload"/> encodes and decodes it byte-for-byte.
/// </summary>
public sealed record SubscriptionMessage
{
    /// <summary>The <c>messageType</c> of ordinary deliveries.</summary>
    public const string DataMessage = "DATA_MESSAGE";

    /// <summary>The <c>messageType</c> of reachability checks, which consumers drop.</summary>
    public const string ControlMessage = "CONTROL_MESSAGE";

    /// <summary><see cref="DataMessage"/> or <see cref="ControlMessage"/>.</summary>
    public required string MessageType { get; init; }

    /// <summary>The account that owns the log group (the sender); <c>CloudwatchLogs</c> in a control message.</summary>
    public required string Owner { get; init; }

    /// <summary>The log group the events come from; empty in a control message.</summary>
    public required string LogGroup { get; init; }

    /// <summary>The log stream the events come from; empty in a control message.</summary>
    public required string LogStream { get; init; }

    /// <summary>The subscription filter(s) that matched; empty in a control message.</summary>
    public required IReadOnlyList<string> SubscriptionFilters { get; init; }

    /// <summary>The events, in ingestion order.</summary>
    public required IReadOnlyList<SubscriptionLogEvent> LogEvents { get; init; }

    /// <summary>Whether this is a <see cref="ControlMessage"/>.</summary>
    public bool IsControlMessage => MessageType == ControlMessage;

    /// <summary>Builds the health-check control message CloudWatch Logs sends to a new Kinesis or Firehose destination.</summary>
    /// <param name="type">The target's type.</param>
    /// <param name="timestamp">The time of the check, in milliseconds since the Unix epoch.</param>
    /// <returns>The control message.</returns>
    public static SubscriptionMessage CreateControlMessage(DestinationType type, long timestamp) => new()
    {
        MessageType = ControlMessage,
        Owner = "CloudwatchLogs",
        LogGroup = string.Empty,
        LogStream = string.Empty,
        SubscriptionFilters = [],
        LogEvents = [new SubscriptionLogEvent(string.Empty, timestamp, Arns.DestinationTypes.ControlMessageText(type))],
    };
}
