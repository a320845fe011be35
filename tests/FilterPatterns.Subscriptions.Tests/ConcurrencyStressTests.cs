using System.Collections.Concurrent;
using System.Diagnostics;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>
/// Many writers call PutLogEvents while filters are replaced and deleted, a destination policy flips, and every adapter
/// throttles, fails and partially fails at random. Checks at-least-once delivery of every matched event, that nothing
/// is invented, and that whatever was not delivered was reported.
/// </summary>
public sealed class ConcurrencyStressTests
{
    private const string A = "111111111111";
    private const string B = "222222222222";
    private const string R = "999999999999";
    private const string Region = "us-east-1";
    private const string StableLambda = "arn:aws:lambda:us-east-1:111111111111:function:stable";
    private const string ChurnLambda = "arn:aws:lambda:us-east-1:111111111111:function:churn";
    private const string ChurnKinesis = "arn:aws:kinesis:us-east-1:111111111111:stream/churn";
    private const string RecipientStream = "arn:aws:kinesis:us-east-1:999999999999:stream/central";
    private const string DestinationArn = "arn:aws:logs:us-east-1:999999999999:destination:central";
    private const int Writers = 8;
    private const int BatchesPerWriter = 40;
    private const int EventsPerBatch = 25;

    [Fact]
    public async Task Every_matched_event_is_delivered_at_least_once_or_reported_and_none_is_invented()
    {
        var stopwatch = Stopwatch.StartNew();
        var service = new SubscriptionService(new SubscriptionServiceOptions
        {
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            RetryMaxDelay = TimeSpan.FromMilliseconds(5),
            DisableWindow = TimeSpan.FromMilliseconds(5),
            MaxQueuedBytesPerTarget = 16 * 1024,
            MaxRecordsPerBatch = 7,
        });
        var dropped = new ConcurrentBag<DeliveryDroppedEventArgs>();
        service.DeliveryDropped += (_, e) => dropped.Add(e);
        var stable = Flaky(service, StableLambda, seed: 1);
        var churnLambda = Flaky(service, ChurnLambda, seed: 2);
        var churnKinesis = Flaky(service, ChurnKinesis, seed: 3);
        var central = Flaky(service, RecipientStream, seed: 4);

        var a = service.ForAccount(A, Region);
        var b = service.ForAccount(B, Region);
        var r = service.ForAccount(R, Region);
        a.CreateLogGroup(new() { LogGroupName = "app" });
        b.CreateLogGroup(new() { LogGroupName = "edge" });
        for (var w = 0; w < Writers; w++)
        {
            a.CreateLogStream(new() { LogGroupName = "app", LogStreamName = $"w{w}" });
            b.CreateLogStream(new() { LogGroupName = "edge", LogStreamName = $"w{w}" });
        }

        r.PutDestination(new() { DestinationName = "central", TargetArn = RecipientStream, RoleArn = "arn:aws:iam::999999999999:role/r" });
        var allowB = PolicyFor(B);
        var allowOther = PolicyFor("333333333333");
        r.PutDestinationPolicy(new() { DestinationName = "central", AccessPolicy = allowB });
        a.PutSubscriptionFilter(new() { LogGroupName = "app", FilterName = "stable", FilterPattern = "ERROR", DestinationArn = StableLambda });
        b.PutSubscriptionFilter(new() { LogGroupName = "edge", FilterName = "to-central", FilterPattern = "", DestinationArn = DestinationArn });

        using var stop = new CancellationTokenSource();
        var churns = 0;
        var churner = Task.Run(async () =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    switch (i++ % 3)
                    {
                        case 0:
                            a.PutSubscriptionFilter(new() { LogGroupName = "app", FilterName = "churn", FilterPattern = "WARN", DestinationArn = ChurnKinesis, RoleArn = "arn:aws:iam::111111111111:role/k" });
                            break;
                        case 1:
                            a.PutSubscriptionFilter(new() { LogGroupName = "app", FilterName = "churn", FilterPattern = "ERROR", DestinationArn = ChurnLambda });
                            break;
                        default:
                            a.DeleteSubscriptionFilter(new() { LogGroupName = "app", FilterName = "churn" });
                            break;
                    }

                    // Revoke B's grant briefly now and then; B's filter stays and its events must be delivered or reported.
                    if (i % 10 is 0 or 3)
                    {
                        r.PutDestinationPolicy(new() { DestinationName = "central", AccessPolicy = i % 10 == 0 ? allowOther : allowB });
                    }
                }
                catch (OperationAbortedException)
                {
                }

                Interlocked.Increment(ref churns);
                await Task.Delay(1);
            }
        });

        var written = new ConcurrentDictionary<string, string>(); // message → log group
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var batch = 0; batch < BatchesPerWriter; batch++)
            {
                var messages = Enumerable.Range(0, EventsPerBatch)
                    .Select(e => $"{new[] { "ERROR", "WARN", "INFO" }[random.Next(3)]} w{w} b{batch} e{e}")
                    .ToArray();
                var (client, group) = batch % 2 == 0 ? (a, "app") : (b, "edge");
                foreach (var m in messages)
                {
                    written[m] = group;
                }

                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await client.PutLogEventsAsync(new()
                {
                    LogGroupName = group,
                    LogStreamName = $"w{w}",
                    LogEvents = messages.Select(m => new InputLogEvent(now, m)).ToArray(),
                });
                await Task.Delay(1);
            }
        })).ToArray();

        await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        var churnsWhileWriting = Volatile.Read(ref churns);
        await stop.CancelAsync();
        await churner;
        await service.FlushAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await service.DisposeAsync();

        Assert.Equal(Writers * BatchesPerWriter * EventsPerBatch, written.Count);
        var deliveries = new[] { stable, churnLambda, churnKinesis, central }
            .SelectMany(d => d.DecodeAll().Where(m => !m.IsControlMessage).Select(m => (Destination: d, Message: m)))
            .ToArray();

        // Nothing invented, nothing torn: every delivered event was written to the group it claims, and one id always
        // means one event (duplicates from retries carry the same id).
        var byId = new Dictionary<string, (string Message, long Timestamp)>();
        foreach (var (_, message) in deliveries)
        {
            Assert.Single(message.SubscriptionFilters);
            foreach (var e in message.LogEvents)
            {
                Assert.True(written.TryGetValue(e.Message, out var group), $"invented event '{e.Message}'");
                Assert.Equal(group, message.LogGroup);
                Assert.Equal(group == "app" ? A : B, message.Owner);
                if (byId.TryGetValue(e.Id, out var seen))
                {
                    Assert.Equal(seen, (e.Message, e.Timestamp));
                }
                else
                {
                    byId[e.Id] = (e.Message, e.Timestamp);
                }
            }
        }

        Assert.Equal(byId.Count, byId.Values.Distinct().Count());

        // The stable filter never changed and its adapter only fails transiently: every ERROR event of "app" arrived.
        var stableEvents = deliveries.Where(d => d.Destination == stable).SelectMany(d => d.Message.LogEvents).Select(e => e.Message).ToHashSet();
        var expectedStable = written.Where(kv => kv.Value == "app" && kv.Key.StartsWith("ERROR", StringComparison.Ordinal)).Select(kv => kv.Key).ToHashSet();
        Assert.Equal(expectedStable.Order(), stableEvents.Order());
        Assert.DoesNotContain(dropped, d => d.FilterName == "stable");

        // The churned filter delivered only what its pattern at the time matched.
        Assert.All(deliveries.Where(d => d.Destination == churnKinesis).SelectMany(d => d.Message.LogEvents), e => Assert.StartsWith("WARN", e.Message, StringComparison.Ordinal));
        Assert.All(deliveries.Where(d => d.Destination == churnLambda).SelectMany(d => d.Message.LogEvents), e => Assert.StartsWith("ERROR", e.Message, StringComparison.Ordinal));
        Assert.All(deliveries.Where(d => d.Destination != stable), d => Assert.NotEqual(["stable"], d.Message.SubscriptionFilters));

        // Cross-account under a flipping policy: every event of "edge" was delivered or reported, none silently lost.
        var centralEvents = deliveries.Where(d => d.Destination == central).SelectMany(d => d.Message.LogEvents).Select(e => e.Message).ToHashSet();
        var reported = dropped.Where(d => d.FilterName == "to-central").SelectMany(d => d.Message.LogEvents).Select(e => e.Message).ToHashSet();
        var edge = written.Where(kv => kv.Value == "edge").Select(kv => kv.Key).ToArray();
        Assert.All(edge, m => Assert.True(centralEvents.Contains(m) || reported.Contains(m), $"lost '{m}'"));
        Assert.NotEmpty(centralEvents);
        Assert.All(dropped, d => Assert.Contains(d.Reason, new[] { DropReason.NonRetryableError, DropReason.FilterDisabled }));

        // The churn really interleaved with the writes: filters changed many times and some events met a revoked policy.
        Assert.True(churnsWhileWriting >= 20, $"only {churnsWhileWriting} changes while writing");
        Assert.NotEmpty(reported);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
    }

    private static string PolicyFor(string account) =>
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + account + "\"},\"Action\":\"logs:PutSubscriptionFilter\",\"Resource\":\"" + DestinationArn + "\"}]}";

    /// <summary>An in-memory destination that throttles, fails or partially fails about a third of the time.</summary>
    private static InMemoryDestination Flaky(SubscriptionService service, string arn, int seed)
    {
        var random = new Random(seed);
        var destination = new InMemoryDestination
        {
            Behavior = batch =>
            {
                lock (random)
                {
                    return random.Next(10) switch
                    {
                        0 => DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.Throttled, "ThrottlingException")),
                        1 => DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.RetryableError, "ServiceUnavailable")),
                        2 => DeliveryResult.PerRecord(batch.Records.Select(_ => random.Next(2) == 0 ? RecordOutcome.Success : new RecordOutcome(DeliveryOutcome.Throttled)).ToArray()),
                        _ => DeliveryResult.Delivered,
                    };
                }
            },
        };
        service.Destinations.Register(arn, destination);
        return destination;
    }
}
