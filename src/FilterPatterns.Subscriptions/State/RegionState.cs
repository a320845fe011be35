using System.Collections.Concurrent;
using FilterPatterns.Subscriptions.Policies;

namespace FilterPatterns.Subscriptions.State;

/// <summary>Everything one account holds in one region.</summary>
internal sealed class RegionState(string partition, string account, string region)
{
    public string Partition { get; } = partition;

    public string Account { get; } = account;

    public string Region { get; } = region;

    public ConcurrentDictionary<string, LogGroupState> LogGroups { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, DestinationSlot> Destinations { get; } = new(StringComparer.Ordinal);
}

/// <summary>A log group: its streams and its (at most two) subscription filters.</summary>
internal sealed class LogGroupState(string name, long creationTime)
{
    private FilterRuntime[] _filters = [];

    public string Name { get; } = name;

    public long CreationTime { get; } = creationTime;

    /// <summary>Held by one updater at a time; a second concurrent updater gets OperationAbortedException.</summary>
    public SemaphoreSlim UpdateGate { get; } = new(1, 1);

    public ConcurrentDictionary<string, long> Streams { get; } = new(StringComparer.Ordinal);

    /// <summary>The filters, in ASCII order of name. Readers take a snapshot; writers swap the array under <see cref="UpdateGate"/>.</summary>
    public FilterRuntime[] Filters
    {
        get => Volatile.Read(ref _filters);
        set => Volatile.Write(ref _filters, value);
    }
}

/// <summary>A logical destination's name slot: its update gate and its current state (null when absent).</summary>
internal sealed class DestinationSlot
{
    private DestinationState? _current;

    public SemaphoreSlim UpdateGate { get; } = new(1, 1);

    public DestinationState? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }
}

/// <summary>An immutable snapshot of a logical destination and its parsed access policy.</summary>
internal sealed record DestinationState(Destination Description, DestinationType TargetType, AccessPolicy? Policy);
