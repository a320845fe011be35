using FilterPatterns.Subscriptions.Arns;

namespace FilterPatterns.Subscriptions.State;

/// <summary>
/// A subscription filter as the service runs it: its description, its compiled pattern (built once, when the filter is
/// put) and its disable window. Immutable except for the window; an update replaces the whole object.
/// </summary>
internal sealed class FilterRuntime
{
    private long _disabledUntilTicks;

    public FilterRuntime(SubscriptionFilter description, EventPredicate matches, RegionState owner, DestinationType destinationType)
    {
        Description = description;
        Matches = matches;
        Owner = owner;
        DestinationType = destinationType;
        DimensionFilterName = SubscriptionMetrics.ToDimensionValue(description.FilterName);
    }

    public SubscriptionFilter Description { get; }

    public EventPredicate Matches { get; }

    /// <summary>The sender: the account and region that own the log group.</summary>
    public RegionState Owner { get; }

    /// <summary>The type of <see cref="SubscriptionFilter.DestinationArn"/> (possibly a logical destination).</summary>
    public DestinationType DestinationType { get; }

    public string DimensionFilterName { get; }

    public string FilterName => Description.FilterName;

    public string LogGroupName => Description.LogGroupName;

    public MetricDimensions Dimensions(DestinationType targetType) =>
        new(LogGroupName, DestinationTypes.MetricDimension(targetType), DimensionFilterName);

    public bool IsDisabled(DateTimeOffset now) => now.UtcTicks < Volatile.Read(ref _disabledUntilTicks);

    public DateTimeOffset DisabledUntil => new(Volatile.Read(ref _disabledUntilTicks), TimeSpan.Zero);

    public void Disable(DateTimeOffset until)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _disabledUntilTicks);
            if (current >= until.UtcTicks)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _disabledUntilTicks, until.UtcTicks, current) != current);
    }
}

/// <summary>Where a filter's records go right now.</summary>
internal readonly record struct Route(string TargetArn, DestinationType TargetType);

/// <summary>Why a filter's records cannot go anywhere right now (an AWS error code and message).</summary>
internal sealed record RouteFailure(string ErrorCode, string ErrorMessage);
