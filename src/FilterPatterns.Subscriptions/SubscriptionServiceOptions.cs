using System.Diagnostics.Metrics;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// Settings of a <see cref="SubscriptionService"/>. The defaults are AWS's documented behaviour where there is one
/// (24-hour retry bound, 10-minute disable window, Kinesis batch limits) and otherwise bounded, documented choices.
/// </summary>
public sealed record SubscriptionServiceOptions
{
    /// <summary>The clock for timestamps, retry backoff, the retry bound and disable windows. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long throttled or retryable failures are retried before the events are given up. AWS: 24 hours.</summary>
    public TimeSpan MaxRetryDuration { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How long a filter stays disabled after a non-retryable failure. AWS: "up to 10 minutes".</summary>
    public TimeSpan DisableWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>First retry delay; later delays grow exponentially, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two retries.</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Most compressed bytes queued for one target. When the target is slow or down, <c>PutLogEventsAsync</c> waits for
    /// room (backpressure) instead of growing the queue. Default 16 MiB.
    /// </summary>
    public long MaxQueuedBytesPerTarget { get; init; } = 16 * 1024 * 1024;

    /// <summary>Most records per adapter call. Default 500 (Kinesis <c>PutRecords</c>).</summary>
    public int MaxRecordsPerBatch { get; init; } = 500;

    /// <summary>Most bytes per adapter call. Default 5 MiB (Kinesis <c>PutRecords</c>).</summary>
    public long MaxBytesPerBatch { get; init; } = 5 * 1024 * 1024;

    /// <summary>The factory for the <c>AWS/Logs</c> meter, e.g. from dependency injection; null creates a standalone meter.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(DisableWindow, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryBaseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryMaxDelay, RetryBaseDelay);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxQueuedBytesPerTarget, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRecordsPerBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytesPerBatch, 1);
    }
}

/// <summary>A compiled filter pattern's test of one event message.</summary>
/// <param name="message">The message.</param>
/// <returns>Whether it matches.</returns>
internal delegate bool EventPredicate(ReadOnlySpan<char> message);
