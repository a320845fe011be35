using System.Diagnostics.Metrics;
using System.Text;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// Names of the metrics the service publishes through <see cref="System.Diagnostics.Metrics"/>: AWS's subscription
/// metrics with AWS's names and dimensions, on a meter named like AWS's namespace, plus one extension.
/// </summary>
public static class SubscriptionMetrics
{
    /// <summary>The meter's name: CloudWatch's namespace.</summary>
    public const string MeterName = "AWS/Logs";

    /// <summary>Log events forwarded to the destination (counter, events).</summary>
    public const string ForwardedLogEvents = "ForwardedLogEvents";

    /// <summary>Compressed bytes forwarded to the destination (counter, bytes).</summary>
    public const string ForwardedBytes = "ForwardedBytes";

    /// <summary>Log events for which the destination returned an error, per attempt (counter, events).</summary>
    public const string DeliveryErrors = "DeliveryErrors";

    /// <summary>Log events for which delivery was throttled, per attempt (counter, events).</summary>
    public const string DeliveryThrottling = "DeliveryThrottling";

    /// <summary>
    /// Extension, not an AWS metric: log events given up on (retry period over, non-retryable error, filter disabled,
    /// service stopped), with the extra dimension <see cref="ReasonDimension"/>. Each is also reported through
    /// <see cref="SubscriptionService.DeliveryDropped"/>.
    /// </summary>
    public const string DroppedLogEvents = "DroppedLogEvents";

    /// <summary>Dimension: the log group's name.</summary>
    public const string LogGroupNameDimension = "LogGroupName";

    /// <summary>Dimension: <c>Lambda</c>, <c>Kinesis Data Streams</c> or <c>Firehose</c>.</summary>
    public const string DestinationTypeDimension = "DestinationType";

    /// <summary>Dimension: the filter's name, converted to ASCII with other characters replaced by <c>?</c>.</summary>
    public const string FilterNameDimension = "FilterName";

    /// <summary>Dimension of <see cref="DroppedLogEvents"/>: the <see cref="DropReason"/>.</summary>
    public const string ReasonDimension = "Reason";

    /// <summary>The <c>FilterName</c> dimension value AWS publishes: printable ASCII kept, every other character <c>?</c>.</summary>
    /// <param name="filterName">The filter's name.</param>
    /// <returns>The dimension value.</returns>
    public static string ToDimensionValue(string filterName)
    {
        ArgumentNullException.ThrowIfNull(filterName);
        var builder = new StringBuilder(filterName.Length);
        foreach (var rune in filterName.EnumerateRunes())
        {
            builder.Append(rune.Value is >= 0x20 and < 0x7F ? (char)rune.Value : '?');
        }

        return builder.ToString();
    }
}

/// <summary>Records the counters; one per service.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _forwardedEvents;
    private readonly Counter<long> _forwardedBytes;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _throttling;
    private readonly Counter<long> _dropped;

    public MetricsRecorder(IMeterFactory? factory)
    {
        _ownsMeter = factory is null;
        _meter = factory?.Create(SubscriptionMetrics.MeterName) ?? new Meter(SubscriptionMetrics.MeterName);
        _forwardedEvents = _meter.CreateCounter<long>(SubscriptionMetrics.ForwardedLogEvents, null, "Log events forwarded to the destination.");
        _forwardedBytes = _meter.CreateCounter<long>(SubscriptionMetrics.ForwardedBytes, "Bytes", "Compressed bytes forwarded to the destination.");
        _errors = _meter.CreateCounter<long>(SubscriptionMetrics.DeliveryErrors, null, "Log events for which the destination returned an error.");
        _throttling = _meter.CreateCounter<long>(SubscriptionMetrics.DeliveryThrottling, null, "Log events for which delivery was throttled.");
        _dropped = _meter.CreateCounter<long>(SubscriptionMetrics.DroppedLogEvents, null, "Log events given up on (extension).");
    }

    public Meter Meter => _meter;

    public void Forwarded(in MetricDimensions d, long events, long bytes)
    {
        _forwardedEvents.Add(events, d.Tags);
        _forwardedBytes.Add(bytes, d.Tags);
    }

    public void Error(in MetricDimensions d, long events) => _errors.Add(events, d.Tags);

    public void Throttled(in MetricDimensions d, long events) => _throttling.Add(events, d.Tags);

    public void Dropped(in MetricDimensions d, long events, DropReason reason)
    {
        var tags = d.Tags;
        tags.Add(SubscriptionMetrics.ReasonDimension, reason.ToString());
        _dropped.Add(events, tags);
    }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}

/// <summary>The three AWS dimensions of one filter's deliveries.</summary>
internal readonly record struct MetricDimensions(string LogGroupName, string DestinationType, string FilterName)
{
    public System.Diagnostics.TagList Tags => new()
    {
        { SubscriptionMetrics.LogGroupNameDimension, LogGroupName },
        { SubscriptionMetrics.DestinationTypeDimension, DestinationType },
        { SubscriptionMetrics.FilterNameDimension, FilterName },
    };
}
