using System.Collections.Concurrent;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>
/// A <see cref="SubscriptionService"/> wired to the network with <see cref="AwsDestinations"/>, with its metrics and
/// reported drops collected; sender A = 111111111111 and recipient R = 999999999999 as in the spec's scenarios.
/// Disposes the service first, then the AWS resources.
/// </summary>
internal sealed class ServiceHarness : IAsyncDisposable
{
    public const string A = "111111111111";
    public const string R = "999999999999";
    public const string RoleArn = "arn:aws:iam::111111111111:role/CWLtoTarget";
    public const string RecipientRoleArn = "arn:aws:iam::999999999999:role/CWLtoKinesisRole";

    private readonly ConcurrentQueue<DeliveryDroppedEventArgs> _dropped = new();

    public ServiceHarness(string region, AwsDestinationOptions aws, SubscriptionServiceOptions? options = null)
    {
        Region = region;
        Service = new SubscriptionService(options ?? Fast);
        Metrics = new MetricsCollector(Service.Meter);
        Service.DeliveryDropped += (_, e) => _dropped.Enqueue(e);
        Aws = Service.UseAwsDestinations(aws);
        Sender = Service.ForAccount(A, region);
        Recipient = Service.ForAccount(R, region);
    }

    /// <summary>Real time, with retries a few tens of milliseconds apart.</summary>
    public static SubscriptionServiceOptions Fast { get; } = new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public string Region { get; }

    public SubscriptionService Service { get; }

    public AwsDestinations Aws { get; }

    public MetricsCollector Metrics { get; }

    public CloudWatchLogsClient Sender { get; }

    public CloudWatchLogsClient Recipient { get; }

    public IReadOnlyList<DeliveryDroppedEventArgs> Dropped => [.. _dropped];

    public void CreateGroup(string group, params string[] streams)
    {
        Sender.CreateLogGroup(new() { LogGroupName = group });
        foreach (var stream in streams)
        {
            Sender.CreateLogStream(new() { LogGroupName = group, LogStreamName = stream });
        }
    }

    public void Subscribe(string group, string filter, string pattern, string destinationArn, string? distribution = null) =>
        Sender.PutSubscriptionFilter(new()
        {
            LogGroupName = group,
            FilterName = filter,
            FilterPattern = pattern,
            DestinationArn = destinationArn,
            RoleArn = destinationArn.Contains(":lambda:", StringComparison.Ordinal) ? null : RoleArn,
            Distribution = distribution,
        });

    /// <summary>Puts <paramref name="messages"/> as one batch, timestamped now (by the service's clock), one millisecond apart.</summary>
    public async Task<IReadOnlyList<InputLogEvent>> PutAsync(string group, string stream, IEnumerable<string> messages, CancellationToken cancellationToken = default)
    {
        var now = Service.Options.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var events = messages.Select((m, i) => new InputLogEvent(now + i, m)).ToArray();
        await Sender.PutLogEventsAsync(new() { LogGroupName = group, LogStreamName = stream, LogEvents = events }, cancellationToken);
        return events;
    }

    public async Task FlushAsync(TimeSpan? timeout = null) =>
        await Service.FlushAsync().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));

    public long Sum(string metric) => Metrics.Sum(metric);

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Aws.Dispose();
        Metrics.Dispose();
    }
}
