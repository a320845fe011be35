using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FilterPatterns.Subscriptions.Arns;
using FilterPatterns.Subscriptions.Delivery;
using FilterPatterns.Subscriptions.Policies;
using FilterPatterns.Subscriptions.State;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// An in-process CloudWatch Logs subscription service: per account and region it holds log groups, logical destinations
/// and subscription filters, evaluates every <c>PutLogEvents</c> batch against the group's filters, and delivers
/// DATA_MESSAGE payloads through <see cref="IDestinationAdapter"/>s at least once. Call the API as an account with
/// <see cref="ForAccount"/>; plug destinations in through <see cref="Destinations"/>. Thread-safe.
/// </summary>
/// <example>
/// <code>
/// await using var service = new SubscriptionService();
/// var lambda = new InMemoryDestination();
/// service.Destinations.Register("arn:aws:lambda:us-east-1:111111111111:function:f", lambda);
/// var logs = service.ForAccount("111111111111", "us-east-1");
/// logs.CreateLogGroup(new() { LogGroupName = "app" });
/// </code>
/// </example>
public sealed class SubscriptionService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Account, string Region), RegionState> _regions = new();
    private readonly ConcurrentDictionary<string, string> _organizations = new(StringComparer.Ordinal);
    private readonly MetricsRecorder _metrics;
    private readonly EventIdGenerator _ids = new();

    /// <summary>Creates a service.</summary>
    /// <param name="options">Settings; null for the defaults.</param>
    public SubscriptionService(SubscriptionServiceOptions? options = null)
    {
        Options = options ?? new SubscriptionServiceOptions();
        Options.Validate();
        _metrics = new MetricsRecorder(Options.MeterFactory);
        Pipeline = new DeliveryPipeline(Options, Destinations, _metrics, CheckRoute, RaiseDropped);
    }

    /// <summary>Raised for every message accepted but given up on, with its events and the reason. Never raised for delivered events.</summary>
    public event EventHandler<DeliveryDroppedEventArgs>? DeliveryDropped;

    /// <summary>The settings.</summary>
    public SubscriptionServiceOptions Options { get; }

    /// <summary>Maps target ARNs to adapters.</summary>
    public DestinationRouter Destinations { get; } = new();

    /// <summary>The meter that publishes <see cref="SubscriptionMetrics"/>.</summary>
    public Meter Meter => _metrics.Meter;

    internal DeliveryPipeline Pipeline { get; }

    internal EventIdGenerator Ids => _ids;

    /// <summary>The API as <paramref name="accountId"/> calling in <paramref name="region"/>.</summary>
    /// <param name="accountId">A 12-digit account id.</param>
    /// <param name="region">A region name, e.g. <c>us-east-1</c>.</param>
    /// <param name="partition">The ARN partition; <c>aws</c> unless in China or GovCloud.</param>
    /// <returns>A client bound to that account and region.</returns>
    public CloudWatchLogsClient ForAccount(string accountId, string region, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(partition);
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("An account id has 12 digits.", nameof(accountId));
        }

        return new CloudWatchLogsClient(this, GetRegion(accountId, region, partition));
    }

    /// <summary>Declares that <paramref name="accountId"/> belongs to an AWS Organizations organisation (<c>aws:PrincipalOrgID</c>).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="organizationId">The organisation id, e.g. <c>o-1234567890</c>, or null when the account leaves it.</param>
    public void SetOrganization(string accountId, string? organizationId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        if (organizationId is null)
        {
            _organizations.TryRemove(accountId, out _);
        }
        else
        {
            _organizations[accountId] = organizationId;
        }
    }

    /// <summary>Waits until every record accepted so far is delivered or given up (reported).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the pipeline is idle.</returns>
    public Task FlushAsync(CancellationToken cancellationToken = default) => Pipeline.FlushAsync(cancellationToken);

    /// <summary>Stops delivery: records still queued or being retried are reported as <see cref="DropReason.ServiceStopped"/>. Call <see cref="FlushAsync"/> first to drain.</summary>
    /// <returns>A task that completes when every worker has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await Pipeline.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
    }

    internal RegionState GetRegion(string account, string region, string partition) =>
        _regions.GetOrAdd((account, region), static (key, p) => new RegionState(p, key.Account, key.Region), partition);

    internal RegionState? FindRegion(string account, string region) =>
        _regions.TryGetValue((account, region), out var state) ? state : null;

    internal string? OrganizationOf(string account) => _organizations.TryGetValue(account, out var org) ? org : null;

    /// <summary>Resolves a logical destination by ARN.</summary>
    internal DestinationState? FindDestination(ResourceArn arn) =>
        FindRegion(arn.Account, arn.Region) is { } region && region.Destinations.TryGetValue(arn.ResourceName, out var slot)
            ? slot.Current
            : null;

    /// <summary>Whether <paramref name="sender"/> may subscribe to <paramref name="destination"/> right now.</summary>
    internal bool IsAllowed(DestinationState destination, string sender)
    {
        if (destination.Description.Arn.Split(':')[4] == sender)
        {
            return true;
        }

        return destination.Policy is { } policy
            && policy.Allows(new PolicyRequest(sender, OrganizationOf(sender), "logs:PutSubscriptionFilter", destination.Description.Arn));
    }

    /// <summary>Where a filter's records go now, or why they cannot go anywhere.</summary>
    internal RouteFailure? TryRoute(FilterRuntime filter, out Route route)
    {
        var destinationArn = filter.Description.DestinationArn;
        if (filter.DestinationType != DestinationType.LogicalDestination)
        {
            route = new Route(destinationArn, filter.DestinationType);
            return null;
        }

        route = default;
        if (!ResourceArn.TryParse(destinationArn, out var arn) || FindDestination(arn) is not { } destination)
        {
            return new RouteFailure("ResourceNotFoundException", "The specified destination does not exist.");
        }

        if (!IsAllowed(destination, filter.Owner.Account))
        {
            return new RouteFailure("AccessDeniedException", NotAuthorized(filter.Owner.Account, destinationArn));
        }

        route = new Route(destination.Description.TargetArn, destination.TargetType);
        return null;
    }

    internal static string NotAuthorized(string account, string destinationArn) =>
        $"User with accountId: {account} is not authorized to perform: logs:PutSubscriptionFilter on resource: {destinationArn}";

    private RouteFailure? CheckRoute(FilterRuntime filter) => TryRoute(filter, out _);

    private void RaiseDropped(DeliveryDroppedEventArgs args)
    {
        var handlers = DeliveryDropped;
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<EventHandler<DeliveryDroppedEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
#pragma warning disable CA1031 // A subscriber's exception must not stop delivery for everyone else.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
