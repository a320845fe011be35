namespace FilterPatterns.Subscriptions;

/// <summary>Why accepted events were given up on.</summary>
public enum DropReason
{
    /// <summary>Throttling or retryable errors lasted longer than <see cref="SubscriptionServiceOptions.MaxRetryDuration"/> (AWS: 24 hours).</summary>
    RetryPeriodExpired,

    /// <summary>The destination answered with a non-retryable error (e.g. access denied, not found), or the destination was deleted or its policy no longer allows the sender.</summary>
    NonRetryableError,

    /// <summary>The filter was disabled after a non-retryable error, and the events matched inside the disable window.</summary>
    FilterDisabled,

    /// <summary>The service was disposed before the events could be delivered.</summary>
    ServiceStopped,
}

/// <summary>
/// Reports events (or a control message) that were accepted but will not be delivered: nothing is dropped silently.
/// Raised by <see cref="SubscriptionService.DeliveryDropped"/>, on a delivery thread.
/// </summary>
public sealed class DeliveryDroppedEventArgs : EventArgs
{
    internal DeliveryDroppedEventArgs(DropReason reason, string? errorCode, string? errorMessage, string? filterName, string destinationArn, string? targetArn, SubscriptionMessage message)
    {
        Reason = reason;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        FilterName = filterName;
        DestinationArn = destinationArn;
        TargetArn = targetArn;
        Message = message;
    }

    /// <summary>Why.</summary>
    public DropReason Reason { get; }

    /// <summary>The last error code the destination (or the service) gave, if any.</summary>
    public string? ErrorCode { get; }

    /// <summary>The last error message, if any.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The subscription filter, or null for a destination's creation control message.</summary>
    public string? FilterName { get; }

    /// <summary>The destination ARN as the filter names it (possibly a logical destination).</summary>
    public string DestinationArn { get; }

    /// <summary>The physical target, when it was known.</summary>
    public string? TargetArn { get; }

    /// <summary>The message that was not delivered, with its owner, log group, log stream and events.</summary>
    public SubscriptionMessage Message { get; }

    /// <summary>How many log events were given up on (0 for a control message).</summary>
    public int EventCount => Message.IsControlMessage ? 0 : Message.LogEvents.Count;
}
