using System.Collections.Concurrent;

namespace FilterPatterns.Subscriptions.Tests.Support;

/// <summary>
/// The spec's conventions: sender A = 111111111111, recipient R = 999999999999, region us-east-1, log group
/// <c>CloudTrail/logs</c> with one stream in A; in-memory adapters registered for a Lambda, a Kinesis stream and a
/// Firehose stream in A and a Kinesis stream in R; a manual clock.
/// </summary>
internal sealed class World : IAsyncDisposable
{
    public const string A = "111111111111";
    public const string R = "999999999999";
    public const string Other = "222222222222";
    public const string Region = "us-east-1";
    public const string Group = "CloudTrail/logs";
    public const string Stream = "111111111111_CloudTrail/logs_us-east-1";
    public const string LambdaArn = "arn:aws:lambda:us-east-1:111111111111:function:consumer";
    public const string KinesisArn = "arn:aws:kinesis:us-east-1:111111111111:stream/local";
    public const string FirehoseArn = "arn:aws:firehose:us-east-1:111111111111:deliverystream/local";
    public const string RecipientKinesisArn = "arn:aws:kinesis:us-east-1:999999999999:stream/RecipientStream";
    public const string RoleArn = "arn:aws:iam::111111111111:role/CWLtoKinesisRole";
    public const string RecipientRoleArn = "arn:aws:iam::999999999999:role/CWLtoKinesisRole";
    public const string DestinationName = "testDestination";
    public const string DestinationArn = "arn:aws:logs:us-east-1:999999999999:destination:testDestination";

    public static readonly DateTimeOffset Start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentQueue<DeliveryDroppedEventArgs> _dropped = new();

    public World(SubscriptionServiceOptions? options = null)
    {
        Time = new ManualTimeProvider(Start);
        Service = new SubscriptionService((options ?? new SubscriptionServiceOptions()) with { TimeProvider = Time });
        Metrics = new MetricsCollector(Service.Meter);
        Service.DeliveryDropped += (_, e) => _dropped.Enqueue(e);
        Lambda = Register(LambdaArn);
        Kinesis = Register(KinesisArn);
        Firehose = Register(FirehoseArn);
        RecipientKinesis = Register(RecipientKinesisArn);
        Sender = Service.ForAccount(A, Region);
        Recipient = Service.ForAccount(R, Region);
        Sender.CreateLogGroup(new() { LogGroupName = Group });
        Sender.CreateLogStream(new() { LogGroupName = Group, LogStreamName = Stream });
    }

    public ManualTimeProvider Time { get; }

    public SubscriptionService Service { get; }

    public MetricsCollector Metrics { get; }

    public CloudWatchLogsClient Sender { get; }

    public CloudWatchLogsClient Recipient { get; }

    public InMemoryDestination Lambda { get; }

    public InMemoryDestination Kinesis { get; }

    public InMemoryDestination Firehose { get; }

    public InMemoryDestination RecipientKinesis { get; }

    public IReadOnlyList<DeliveryDroppedEventArgs> Dropped => [.. _dropped];

    public long NowMillis => Time.GetUtcNow().ToUnixTimeMilliseconds();

    public InMemoryDestination Register(string arn)
    {
        var destination = new InMemoryDestination();
        Service.Destinations.Register(arn, destination);
        return destination;
    }

    public static PutSubscriptionFilterRequest LambdaFilter(string name = "f1", string pattern = "") => new()
    {
        LogGroupName = Group,
        FilterName = name,
        FilterPattern = pattern,
        DestinationArn = LambdaArn,
    };

    public static PutSubscriptionFilterRequest KinesisFilter(string name = "f1", string pattern = "") => new()
    {
        LogGroupName = Group,
        FilterName = name,
        FilterPattern = pattern,
        DestinationArn = KinesisArn,
        RoleArn = RoleArn,
    };

    /// <summary>R's destination in front of R's Kinesis stream, optionally with an access policy.</summary>
    public void CreateDestination(string? policy = null)
    {
        Recipient.PutDestination(new() { DestinationName = DestinationName, TargetArn = RecipientKinesisArn, RoleArn = RecipientRoleArn });
        if (policy is not null)
        {
            Recipient.PutDestinationPolicy(new() { DestinationName = DestinationName, AccessPolicy = policy });
        }
    }

    public static string AccountPolicy(string account, string action = "logs:PutSubscriptionFilter") =>
        $$"""{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Principal":{"AWS":"{{account}}"},"Action":"{{action}}","Resource":"{{DestinationArn}}"}]}""";

    public static string OrganizationPolicy(string organization, string action = "logs:PutSubscriptionFilter") =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"" + action
        + "\",\"Resource\":\"" + DestinationArn + "\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":[\"" + organization + "\"]}}}]}";

    /// <summary>PutLogEvents into the stream at the current time, then waits for delivery to settle.</summary>
    public async Task<PutLogEventsResponse> PutAsync(params string[] messages)
    {
        var response = await PutAsync(Sender, Group, Stream, messages);
        await Service.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return response;
    }

    public Task<PutLogEventsResponse> PutAsync(CloudWatchLogsClient client, string group, string stream, params string[] messages) =>
        client.PutLogEventsAsync(new()
        {
            LogGroupName = group,
            LogStreamName = stream,
            LogEvents = messages.Select(m => new InputLogEvent(NowMillis, m)).ToArray(),
        });

    /// <summary>The DATA_MESSAGEs a destination received, decoded as its consumer would.</summary>
    public static IReadOnlyList<SubscriptionMessage> DataMessages(InMemoryDestination destination) =>
        destination.DecodeAll().Where(m => !m.IsControlMessage).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        Metrics.Dispose();
    }
}
