using System.Collections.Concurrent;
using System.Diagnostics;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FilterPatterns.Subscriptions;
using Xunit.Abstractions;

namespace FilterPatterns.Destinations.Aws.Tests.Delivery;

/// <summary>
/// The endpoint goes away in the middle of a stream of PutLogEvents and comes back: a kinesalite of its own, persisted
/// in LevelDB so that the stream and what it stored before the stop survive the restart (as a real stream survives its
/// endpoint going away), is stopped while events flow and started again on the same port.
/// </summary>
public sealed class KinesisFaultTests(ITestOutputHelper output)
{
    private const string Region = "us-east-1";
    private const string Group = "app/payments";
    private const int Batches = 150;
    private const int EventsPerBatch = 20;
    private const long QueueBytes = 32 * 1024;

    [Fact]
    public async Task Stopping_kinesalite_mid_stream_and_restarting_it_delivers_every_accepted_event_at_least_once()
    {
        await using var kinesalite = new KinesaliteProcess(persistent: true);
        await kinesalite.StartAsync();
        await using var harness = new ServiceHarness(
            Region,
            new AwsDestinationOptions
            {
                KinesisEndpoint = kinesalite.Endpoint,
                Credentials = new StaticCredentialsProvider("AKIDLOCAL", "kinesalite-does-not-check"),
                RequestTimeout = TimeSpan.FromSeconds(2),
            },
            new SubscriptionServiceOptions
            {
                RetryBaseDelay = TimeSpan.FromMilliseconds(50),
                RetryMaxDelay = TimeSpan.FromMilliseconds(400),
                MaxQueuedBytesPerTarget = QueueBytes, // a small queue, so that backpressure shows within a few batches
            });
        var reader = harness.Aws.GetKinesisClient(Region);
        var stream = await KinesisStreams.CreateAsync(reader, shards: 2);
        harness.CreateGroup(Group, "s-0", "s-1", "s-2");
        harness.Subscribe(Group, "all", "", $"arn:aws:kinesis:{Region}:{ServiceHarness.A}:stream/{stream}");

        // A steady producer: every event it counts as accepted was accepted by PutLogEvents.
        var accepted = new ConcurrentQueue<string>();
        var acceptedBatches = 0;
        var random = new Random(7);
        var producer = Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                var messages = Enumerable.Range(0, EventsPerBatch)
                    .Select(i => $"batch {b} event {i} {Convert.ToHexString(random.GetItems<byte>(new byte[256], 48))}").ToArray();
                await harness.PutAsync(Group, $"s-{b % 3}", messages);
                foreach (var m in messages)
                {
                    accepted.Enqueue(m);
                }

                Interlocked.Increment(ref acceptedBatches);
                await Task.Delay(5);
            }
        });

        long Forwarded() => harness.Sum(SubscriptionMetrics.ForwardedLogEvents);
        long Errors() => harness.Sum(SubscriptionMetrics.DeliveryErrors);

        // 1. Up: events flow.
        await WaitUntilAsync(() => Forwarded() >= 10 * EventsPerBatch, "events flowing before the stop");
        await kinesalite.StopAsync();
        var stoppedAt = Stopwatch.StartNew();
        var forwardedAtStop = Forwarded();

        // 2. Down: failed attempts are counted, and PutLogEvents waits on the full queue instead of queueing more.
        await WaitUntilAsync(() => Errors() >= 3 * EventsPerBatch, "failed attempts while down");
        var (blockedBatches, pendingEvents) = await WaitForBackpressureAsync(() => Volatile.Read(ref acceptedBatches), () => accepted.Count - Forwarded());
        var errorsWhileDown = Errors();
        var forwardedWhileDown = Forwarded() - forwardedAtStop;
        Assert.False(producer.IsCompleted, "the producer should be waiting on backpressure");

        // 3. Back: the same port, the same data; the queued and retried records go out, the producer resumes.
        await kinesalite.StartAsync();
        var downFor = stoppedAt.Elapsed;
        await producer.WaitAsync(TimeSpan.FromSeconds(60));
        await harness.FlushAsync(TimeSpan.FromSeconds(60));

        var read = await KinesisStreams.ReadAllAsync(reader, stream);
        var data = read.Where(r => !r.Message.IsControlMessage).ToList();
        var delivered = data.SelectMany(r => r.Message.LogEvents).GroupBy(e => e.Message).ToDictionary(g => g.Key, g => g.Count());
        var missing = accepted.Where(m => !delivered.ContainsKey(m)).ToList();
        var duplicates = delivered.Values.Sum(n => n - 1);
        var minRecordBytes = data.Min(r => r.Record.Data.Length);

        output.WriteLine($"accepted {accepted.Count} events in {Batches} PutLogEvents; kinesalite down for {downFor.TotalSeconds:0.0} s");
        output.WriteLine($"before the stop: ForwardedLogEvents {forwardedAtStop}");
        output.WriteLine($"while down: DeliveryErrors {errorsWhileDown} (events x failed attempts), ForwardedLogEvents +{forwardedWhileDown}, producer blocked after {blockedBatches} batches with {pendingEvents} events queued (queue {QueueBytes} B, records >= {minRecordBytes} B)");
        output.WriteLine($"after the restart: ForwardedLogEvents {Forwarded()}, DeliveryErrors {Errors()}, DroppedLogEvents {harness.Sum(SubscriptionMetrics.DroppedLogEvents)}");
        output.WriteLine($"read back: {data.Count} records, {delivered.Count} distinct events, {duplicates} duplicates");

        Assert.Empty(missing);
        Assert.Equal(accepted.Count, delivered.Count);
        Assert.Empty(harness.Dropped);
        Assert.Equal(0, harness.Sum(SubscriptionMetrics.DroppedLogEvents));
        Assert.True(errorsWhileDown >= 3 * EventsPerBatch);
        Assert.True(Forwarded() >= accepted.Count, "every accepted event was counted as forwarded at least once");
        Assert.Equal(accepted.Count + duplicates, data.Sum(r => r.Message.LogEvents.Count));

        // Bounded memory: while down, what was accepted but not delivered fit in the queue (plus the batch being retried).
        var pendingRecords = pendingEvents / EventsPerBatch;
        Assert.True(pendingRecords <= (QueueBytes / minRecordBytes) + 2, $"{pendingRecords} records pending with a {QueueBytes} B queue");
    }

    /// <summary>Waits until the producer has made no progress for a while, and returns where it stopped and how much was pending.</summary>
    private static async Task<(int Batches, long PendingEvents)> WaitForBackpressureAsync(Func<int> progress, Func<long> pending)
    {
        var deadline = Stopwatch.StartNew();
        var last = progress();
        var still = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
            var now = progress();
            if (now != last)
            {
                last = now;
                still.Restart();
            }
            else if (still.Elapsed >= TimeSpan.FromMilliseconds(750))
            {
                return (now, pending());
            }
        }

        throw new TimeoutException("PutLogEvents never blocked while the destination was down");
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(20);
        }
    }
}
