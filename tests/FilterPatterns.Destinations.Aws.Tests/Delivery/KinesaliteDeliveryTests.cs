using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Delivery;

/// <summary>
/// The subscription service delivering to a real Kinesis implementation (kinesalite) through <see cref="AwsDestinations"/>:
/// what a Kinesis consumer reads back with GetShardIterator / GetRecords, gunzipped.
/// </summary>
[Collection(KinesaliteGroup.Name)]
#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.DisposeAsync.
public sealed partial class KinesaliteDeliveryTests(KinesaliteFixture kinesalite) : IAsyncLifetime
#pragma warning restore CA1001
{
    private const string Region = "us-east-1";
    private const string Group = "app/orders";
    private const string ControlText = "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.";

    private ServiceHarness _harness = null!;
    private KinesisClient _reader = null!;

    public Task InitializeAsync()
    {
        _harness = new ServiceHarness(Region, new AwsDestinationOptions
        {
            KinesisEndpoint = kinesalite.Endpoint,
            Credentials = new StaticCredentialsProvider("AKIDLOCAL", "kinesalite-does-not-check"),
            RequestTimeout = TimeSpan.FromSeconds(10),
        });
        _reader = _harness.Aws.GetKinesisClient(Region);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static string StreamArn(string account, string name) => $"arn:aws:kinesis:{Region}:{account}:stream/{name}";

    private static string Event(int batch, int i) => i % 2 == 0
        ? $$"""{"level":"ERROR","batch":{{batch}},"i":{{i}},"msg":"payment \"declined\" é ✓ \\ tab\t"}"""
        : $$"""{"level":"INFO","batch":{{batch}},"i":{{i}}}""";

    private static void AssertControlMessage(SubscriptionMessage message)
    {
        Assert.Equal(SubscriptionMessage.ControlMessage, message.MessageType);
        Assert.Equal("CloudwatchLogs", message.Owner);
        Assert.Equal("", message.LogGroup);
        Assert.Equal("", message.LogStream);
        Assert.Empty(message.SubscriptionFilters);
        var e = Assert.Single(message.LogEvents);
        Assert.Equal("", e.Id);
        Assert.Equal(ControlText, e.Message);
        Assert.True(e.Timestamp > 1_700_000_000_000);
    }

    [Fact]
    public async Task Same_account_filter_delivers_every_matched_event_in_DATA_MESSAGEs_a_consumer_reads_back()
    {
        var stream = await KinesisStreams.CreateAsync(_reader, shards: 1);
        _harness.CreateGroup(Group, "web-1", "web-2");
        _harness.Subscribe(Group, "errors", """{ $.level = "ERROR" }""", StreamArn(ServiceHarness.A, stream));

        var sent = new List<(string Stream, IReadOnlyList<InputLogEvent> Events)>();
        for (var batch = 0; batch < 5; batch++)
        {
            var logStream = batch < 3 ? "web-1" : "web-2";
            sent.Add((logStream, await _harness.PutAsync(Group, logStream, Enumerable.Range(0, 10).Select(i => Event(batch, i)))));
        }

        await _harness.FlushAsync();
        var read = await KinesisStreams.ReadAllAsync(_reader, stream);

        AssertControlMessage(Assert.Single(read, r => r.Message.IsControlMessage).Message);
        var data = read.Where(r => !r.Message.IsControlMessage).ToList();
        Assert.Equal(sent.Count, data.Count); // one DATA_MESSAGE per (filter, log stream) batch, in order on the shard
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var b = 0; b < sent.Count; b++)
        {
            var message = data[b].Message;
            Assert.Equal(SubscriptionMessage.DataMessage, message.MessageType);
            Assert.Equal(ServiceHarness.A, message.Owner);
            Assert.Equal(Group, message.LogGroup);
            Assert.Equal(sent[b].Stream, message.LogStream);
            Assert.Equal(["errors"], message.SubscriptionFilters);
            var expected = sent[b].Events.Where(e => e.Message.Contains("\"ERROR\"", StringComparison.Ordinal)).ToList();
            Assert.Equal(expected.Select(e => (e.Timestamp, e.Message)), message.LogEvents.Select(e => (e.Timestamp, e.Message)));
            Assert.All(message.LogEvents, e =>
            {
                Assert.Matches(EventId(), e.Id);
                Assert.True(ids.Add(e.Id), "event ids are unique");
            });
        }

        // ByLogStream (the default): one stable key per log stream.
        var keys = data.GroupBy(r => r.Message.LogStream).ToDictionary(g => g.Key, g => g.Select(r => r.Record.PartitionKey).Distinct().ToList());
        Assert.Single(keys["web-1"]);
        Assert.Single(keys["web-2"]);
        Assert.NotEqual(keys["web-1"][0], keys["web-2"][0]);

        Assert.Equal(25, _harness.Metrics.Sum(SubscriptionMetrics.ForwardedLogEvents,
            (SubscriptionMetrics.DestinationTypeDimension, "Kinesis Data Streams"), (SubscriptionMetrics.FilterNameDimension, "errors"), (SubscriptionMetrics.LogGroupNameDimension, Group)));
        Assert.Equal(data.Sum(r => (long)r.Record.Data.Length), _harness.Sum(SubscriptionMetrics.ForwardedBytes));
        Assert.Equal(0, _harness.Sum(SubscriptionMetrics.DeliveryErrors) + _harness.Sum(SubscriptionMetrics.DeliveryThrottling));
        Assert.Empty(_harness.Dropped);
    }

    [Fact]
    public async Task Cross_account_filter_through_a_logical_destination_reaches_the_recipient_stream_with_the_sender_as_owner()
    {
        var stream = await KinesisStreams.CreateAsync(_reader, shards: 2);
        var destination = _harness.Recipient.PutDestination(new()
        {
            DestinationName = "central",
            TargetArn = StreamArn(ServiceHarness.R, stream),
            RoleArn = ServiceHarness.RecipientRoleArn,
        }).Destination;
        _harness.Recipient.PutDestinationPolicy(new()
        {
            DestinationName = "central",
            AccessPolicy = $$"""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{ServiceHarness.A}}"},
                  "Action":"logs:PutSubscriptionFilter","Resource":"{{destination.Arn}}"}]}
                """,
        });
        _harness.CreateGroup(Group, "web-1");
        _harness.Sender.PutSubscriptionFilter(new()
        {
            LogGroupName = Group,
            FilterName = "to-central",
            FilterPattern = "ERROR",
            DestinationArn = destination.Arn,
        });

        var events = await _harness.PutAsync(Group, "web-1", ["ERROR one", "INFO two", "ERROR three"]);
        await _harness.FlushAsync();
        var read = await KinesisStreams.ReadAllAsync(_reader, stream);

        // One health check when the destination was created, one when the sender's filter was.
        var control = read.Where(r => r.Message.IsControlMessage).ToList();
        Assert.Equal(2, control.Count);
        control.ForEach(c => AssertControlMessage(c.Message));
        var message = Assert.Single(read, r => !r.Message.IsControlMessage).Message;
        Assert.Equal(ServiceHarness.A, message.Owner);
        Assert.Equal(Group, message.LogGroup);
        Assert.Equal("web-1", message.LogStream);
        Assert.Equal(["to-central"], message.SubscriptionFilters);
        Assert.Equal([events[0].Message, events[2].Message], message.LogEvents.Select(e => e.Message));

        // The adapter was made for the physical stream; nothing routes the logical ARN itself.
        Assert.True(_harness.Service.Destinations.TryResolve(StreamArn(ServiceHarness.R, stream), DestinationType.Kinesis, out _));
        Assert.False(_harness.Service.Destinations.TryResolve(destination.Arn, DestinationType.LogicalDestination, out _));
        Assert.Equal(2, _harness.Metrics.Sum(SubscriptionMetrics.ForwardedLogEvents, (SubscriptionMetrics.DestinationTypeDimension, "Kinesis Data Streams")));
        Assert.Empty(_harness.Dropped);
    }

    [Fact]
    public async Task ByLogStream_keeps_each_log_stream_on_one_shard_and_Random_spreads_records_across_shards()
    {
        var byStream = await KinesisStreams.CreateAsync(_reader, shards: 4);
        var random = await KinesisStreams.CreateAsync(_reader, shards: 4);
        var logStreams = Enumerable.Range(0, 8).Select(i => $"host-{i}").ToArray();
        _harness.CreateGroup(Group, logStreams);
        _harness.Subscribe(Group, "by-stream", "", StreamArn(ServiceHarness.A, byStream), Distribution.ByLogStream);
        _harness.Subscribe(Group, "random", "", StreamArn(ServiceHarness.A, random), Distribution.Random);

        for (var batch = 0; batch < 5; batch++)
        {
            foreach (var logStream in logStreams)
            {
                await _harness.PutAsync(Group, logStream, [$"{logStream} {batch} a", $"{logStream} {batch} b"]);
            }
        }

        await _harness.FlushAsync();
        var stable = (await KinesisStreams.ReadAllAsync(_reader, byStream)).Where(r => !r.Message.IsControlMessage).ToList();
        var spread = (await KinesisStreams.ReadAllAsync(_reader, random)).Where(r => !r.Message.IsControlMessage).ToList();

        Assert.Equal(40, stable.Count);
        Assert.Equal(40, spread.Count);
        foreach (var perStream in stable.GroupBy(r => r.Message.LogStream))
        {
            Assert.Single(perStream.Select(r => r.ShardId).Distinct());
            Assert.Single(perStream.Select(r => r.Record.PartitionKey).Distinct());
        }

        Assert.Equal(8, stable.Select(r => r.Record.PartitionKey).Distinct().Count());
        Assert.True(stable.Select(r => r.ShardId).Distinct().Count() >= 2, "8 log streams hash to more than one of 4 shards");

        Assert.Equal(40, spread.Select(r => r.Record.PartitionKey).Distinct().Count());
        Assert.True(spread.Select(r => r.ShardId).Distinct().Count() >= 3, "40 random keys reach at least 3 of 4 shards");
        Assert.Contains(spread.GroupBy(r => r.Message.LogStream), g => g.Select(r => r.ShardId).Distinct().Count() > 1);
        Assert.Equal(2 * 40 * 2, _harness.Sum(SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(_harness.Dropped);
    }

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9]{56}$")]
    private static partial System.Text.RegularExpressions.Regex EventId();
}
