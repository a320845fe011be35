namespace FilterPatterns.Subscriptions;

/// <summary>Request of <c>CreateLogGroup</c>.</summary>
public sealed record CreateLogGroupRequest
{
    /// <summary>Required. 1–512 characters, pattern <c>[\.\-_/#A-Za-z0-9]+</c>.</summary>
    public string? LogGroupName { get; init; }
}

/// <summary>Request of <c>CreateLogStream</c>.</summary>
public sealed record CreateLogStreamRequest
{
    /// <summary>Required. The log group.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>Required. 1–512 characters, pattern <c>[^:*]*</c>.</summary>
    public string? LogStreamName { get; init; }
}

/// <summary>One event of a <c>PutLogEvents</c> batch.</summary>
/// <param name="Timestamp">Milliseconds since the Unix epoch.</param>
/// <param name="Message">The raw message, at least one character.</param>
public sealed record InputLogEvent(long Timestamp, string Message);

/// <summary>Request of <c>PutLogEvents</c>.</summary>
public sealed record PutLogEventsRequest
{
    /// <summary>Required. The log group.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>Required. The log stream.</summary>
    public string? LogStreamName { get; init; }

    /// <summary>Required. 1–10,000 events in chronological order, spanning at most 24 hours, at most 1,048,576 bytes.</summary>
    public IReadOnlyList<InputLogEvent>? LogEvents { get; init; }
}

/// <summary>Which events of a <c>PutLogEvents</c> batch were not accepted because of their timestamps.</summary>
public sealed record RejectedLogEventsInfo
{
    /// <summary>Index of the first event more than 2 hours in the future (inclusive), if any.</summary>
    public int? TooNewLogEventStartIndex { get; init; }

    /// <summary>Index after the last event older than 14 days (exclusive), if any.</summary>
    public int? TooOldLogEventEndIndex { get; init; }
}

/// <summary>Response of <c>PutLogEvents</c>.</summary>
/// <param name="RejectedLogEventsInfo">Events that were not accepted, or null when all were.</param>
public sealed record PutLogEventsResponse(RejectedLogEventsInfo? RejectedLogEventsInfo);

/// <summary>Request of <c>TestMetricFilter</c>.</summary>
public sealed record TestMetricFilterRequest
{
    /// <summary>Required. 0–1024 characters.</summary>
    public string? FilterPattern { get; init; }

    /// <summary>Required. 1–50 messages, each at least one character.</summary>
    public IReadOnlyList<string>? LogEventMessages { get; init; }
}

/// <summary>One matching message of <c>TestMetricFilter</c>.</summary>
/// <param name="EventNumber">0-based index of the message in the request.</param>
/// <param name="EventMessage">The message.</param>
/// <param name="ExtractedValues">The values the pattern extracts (<c>$name</c>, <c>$1</c>…); empty for text patterns.</param>
public sealed record MetricFilterMatchRecord(long EventNumber, string EventMessage, IReadOnlyDictionary<string, string> ExtractedValues);

/// <summary>Response of <c>TestMetricFilter</c>: only the messages that match, in request order.</summary>
/// <param name="Matches">The matches.</param>
public sealed record TestMetricFilterResponse(IReadOnlyList<MetricFilterMatchRecord> Matches);
