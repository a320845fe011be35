using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// Maps a physical target ARN (Kinesis, Firehose, Lambda) to the <see cref="IDestinationAdapter"/> that ships to it:
/// first an adapter registered for that exact ARN (how tests and embedders plug in <see cref="InMemoryDestination"/>),
/// then a factory registered for the ARN's <see cref="DestinationType"/> (how network adapters plug in). Logical
/// destinations are resolved to their target by the service before the router is asked. Thread-safe.
/// </summary>
public sealed class DestinationRouter
{
    private readonly ConcurrentDictionary<string, IDestinationAdapter> _byArn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<DestinationType, Func<string, IDestinationAdapter?>> _factories = new();

    /// <summary>Routes <paramref name="targetArn"/> to <paramref name="adapter"/>, replacing an earlier registration.</summary>
    /// <param name="targetArn">The target ARN, e.g. <c>arn:aws:kinesis:us-east-1:999999999999:stream/s</c>.</param>
    /// <param name="adapter">The adapter.</param>
    /// <returns>The adapter, for chaining.</returns>
    public IDestinationAdapter Register(string targetArn, IDestinationAdapter adapter)
    {
        ArgumentException.ThrowIfNullOrEmpty(targetArn);
        ArgumentNullException.ThrowIfNull(adapter);
        _byArn[targetArn] = adapter;
        return adapter;
    }

    /// <summary>Routes every ARN of <paramref name="type"/> that has no exact registration to <paramref name="factory"/>.</summary>
    /// <param name="type">The target type.</param>
    /// <param name="factory">Returns the adapter for an ARN, or null when it cannot ship there. Its result is cached per ARN.</param>
    public void RegisterFactory(DestinationType type, Func<string, IDestinationAdapter?> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factories[type] = factory;
    }

    /// <summary>Removes the registration of <paramref name="targetArn"/>.</summary>
    /// <param name="targetArn">The target ARN.</param>
    /// <returns>Whether there was one.</returns>
    public bool Unregister(string targetArn) => _byArn.TryRemove(targetArn, out _);

    /// <summary>Finds the adapter for <paramref name="targetArn"/>.</summary>
    /// <param name="targetArn">The target ARN.</param>
    /// <param name="type">Its type.</param>
    /// <param name="adapter">The adapter, when there is one.</param>
    /// <returns>Whether an adapter ships to the ARN.</returns>
    public bool TryResolve(string targetArn, DestinationType type, [NotNullWhen(true)] out IDestinationAdapter? adapter)
    {
        if (_byArn.TryGetValue(targetArn, out adapter))
        {
            return true;
        }

        if (_factories.TryGetValue(type, out var factory) && factory(targetArn) is { } created)
        {
            adapter = _byArn.GetOrAdd(targetArn, created);
            return true;
        }

        adapter = null;
        return false;
    }
}
