using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §6 delivery semantics (DLV-04, -05, -09 … -12) and §7 metrics (MET-01 … -03).</summary>
public sealed class DeliverySemanticsTests : IAsyncDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);
    private readonly World _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static (string, string)[] Dimensions(string type, string filter = "f1") =>
        [("LogGroupName", World.Group), ("DestinationType", type), ("FilterName", filter)];

    private static DeliveryResult Fail(DeliveryOutcome outcome, string code) => DeliveryResult.ForAll(new RecordOutcome(outcome, code, code));

    [Fact]
    public async Task DLV_04_non_matching_events_are_not_forwarded()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1", "{ $.level = \"ERROR\" }"));
        await _world.PutAsync("{\"level\":\"INFO\"}", "plain text", "{\"level\":\"ERROR\",\"n\":1}");
        Assert.Equal(["{\"level\":\"ERROR\",\"n\":1}"], World.DataMessages(_world.Lambda).SelectMany(m => m.LogEvents).Select(e => e.Message));
        await _world.PutAsync("{\"level\":\"INFO\"}");
        Assert.Single(_world.Lambda.Received);
    }

    [Fact]
    public async Task DLV_05_two_matching_filters_deliver_once_each_naming_themselves()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("errors", "ERROR"));
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("timeouts", "timeout"));
        await _world.PutAsync("ERROR timeout talking to db", "ERROR disk full", "INFO ok");
        var messages = World.DataMessages(_world.Lambda);
        Assert.Equal(2, messages.Count);
        var byFilter = messages.ToDictionary(m => Assert.Single(m.SubscriptionFilters), m => m.LogEvents.Select(e => e.Message).ToArray());
        Assert.Equal(["ERROR timeout talking to db", "ERROR disk full"], byFilter["errors"]);
        Assert.Equal(["ERROR timeout talking to db"], byFilter["timeouts"]);
    }

    [Fact]
    public async Task One_DATA_MESSAGE_per_filter_and_log_stream()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Sender.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = "s2" });
        await _world.PutAsync("one", "two");
        await _world.PutAsync(_world.Sender, World.Group, "s2", "three");
        await _world.Service.FlushAsync();
        var messages = World.DataMessages(_world.Lambda);
        Assert.Equal([(World.Stream, 2), ("s2", 1)], messages.Select(m => (m.LogStream, m.LogEvents.Count)));
    }

    [Fact]
    public async Task DLV_09_throttling_is_retried_with_backoff_until_delivered()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        var calls = 0;
        _world.Lambda.Behavior = _ => ++calls <= 3 ? Fail(DeliveryOutcome.Throttled, "TooManyRequestsException") : DeliveryResult.Delivered;
        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "a", "b");
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        }

        await _world.Service.FlushAsync().WaitAsync(s_wait);
        Assert.Equal(4, _world.Lambda.Calls);
        Assert.Equal(["a", "b"], World.DataMessages(_world.Lambda).Single().LogEvents.Select(e => e.Message));
        Assert.Equal(6, _world.Metrics.Sum("DeliveryThrottling", Dimensions("Lambda")));
        Assert.Equal(2, _world.Metrics.Sum("ForwardedLogEvents", Dimensions("Lambda")));
        Assert.Empty(_world.Dropped);

        // Backoff: the clock moved forward between attempts.
        Assert.True(_world.Time.GetUtcNow() > World.Start);
    }

    [Fact]
    public async Task DLV_09_retries_stop_after_24_hours_and_the_events_are_reported()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Lambda.Behavior = _ => Fail(DeliveryOutcome.Throttled, "TooManyRequestsException");
        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "never");
        var attempts = 0;
        while (_world.Dropped.Count == 0 && attempts++ < 10_000)
        {
            Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
            await Task.Yield();
        }

        await _world.Service.FlushAsync().WaitAsync(s_wait);
        var dropped = Assert.Single(_world.Dropped);
        Assert.Equal(DropReason.RetryPeriodExpired, dropped.Reason);
        Assert.Equal("TooManyRequestsException", dropped.ErrorCode);
        Assert.Equal("never", dropped.Message.LogEvents.Single().Message);
        var elapsed = _world.Time.GetUtcNow() - World.Start;
        Assert.InRange(elapsed, TimeSpan.FromHours(24), TimeSpan.FromHours(24) + _world.Service.Options.RetryMaxDelay);
        Assert.Equal(_world.Lambda.Calls, _world.Metrics.Sum("DeliveryThrottling", Dimensions("Lambda")));
        Assert.Equal(1, _world.Metrics.Sum("DroppedLogEvents", [.. Dimensions("Lambda"), ("Reason", "RetryPeriodExpired")]));
        Assert.Empty(_world.Lambda.Received);
    }

    [Fact]
    public async Task DLV_10_non_retryable_error_disables_the_filter_for_10_minutes()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Lambda.Behavior = _ => Fail(DeliveryOutcome.NonRetryableError, "AccessDeniedException");
        await _world.PutAsync("first");
        Assert.Equal(1, _world.Lambda.Calls);
        Assert.Equal(1, _world.Metrics.Sum("DeliveryErrors", Dimensions("Lambda")));

        _world.Lambda.Behavior = null;
        _world.Time.Advance(TimeSpan.FromMinutes(9));
        await _world.PutAsync("inside the window");
        Assert.Equal(1, _world.Lambda.Calls);

        _world.Time.Advance(TimeSpan.FromMinutes(1));
        await _world.PutAsync("after the window");
        Assert.Equal(["after the window"], World.DataMessages(_world.Lambda).SelectMany(m => m.LogEvents).Select(e => e.Message));

        Assert.Equal([(DropReason.NonRetryableError, "first"), (DropReason.FilterDisabled, "inside the window")],
            _world.Dropped.Select(d => (d.Reason, d.Message.LogEvents.Single().Message)));
        Assert.Equal("AccessDeniedException", _world.Dropped[0].ErrorCode);
        Assert.Equal(1, _world.Metrics.Sum("DeliveryErrors", Dimensions("Lambda")));
    }

    [Fact]
    public async Task DLV_10_only_the_failing_filter_is_disabled()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("f2"));
        _world.Lambda.Behavior = _ => Fail(DeliveryOutcome.NonRetryableError, "ResourceNotFoundException");
        await _world.PutAsync("one");
        await _world.PutAsync("two");
        Assert.Equal(["one", "two"], World.DataMessages(_world.Kinesis).SelectMany(m => m.LogEvents).Select(e => e.Message));
    }

    [Fact]
    public async Task Partial_failure_retries_only_the_failed_records()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Sender.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = "s2" });
        _world.Sender.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = "s3" });
        var release = new TaskCompletionSource();
        var batches = new List<string[]>();
        var adapter = new ScriptedDestination(async batch =>
        {
            lock (batches)
            {
                batches.Add(batch.Records.Select(r => r.Message.LogEvents.Single().Message).ToArray());
            }

            if (batch.Attempt == 1 && batch.Records.Count == 1 && batch.Records[0].Message.LogStream == World.Stream)
            {
                // Hold the worker so that the next two records queue up behind and travel in one batch.
                await release.Task;
                return DeliveryResult.Delivered;
            }

            return batch.Attempt == 1
                ? DeliveryResult.PerRecord([RecordOutcome.Success, new RecordOutcome(DeliveryOutcome.RetryableError, "ServiceException", "boom")])
                : DeliveryResult.Delivered;
        });
        _world.Service.Destinations.Register(World.LambdaArn, adapter);

        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "warm-up");
        await WaitUntil(() => adapter.Calls == 1);
        await _world.PutAsync(_world.Sender, World.Group, "s2", "record one");
        await _world.PutAsync(_world.Sender, World.Group, "s3", "record two");
        release.SetResult();
        await WaitUntil(() => adapter.Calls == 2);
        Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        await _world.Service.FlushAsync().WaitAsync(s_wait);

        Assert.Equal([["warm-up"], ["record one", "record two"], ["record two"]], batches);
        Assert.Equal(1, _world.Metrics.Sum("DeliveryErrors", Dimensions("Lambda")));
        Assert.Equal(3, _world.Metrics.Sum("ForwardedLogEvents", Dimensions("Lambda")));
        Assert.Empty(_world.Dropped);
    }

    [Fact]
    public async Task An_adapter_exception_is_a_retryable_failure()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        var calls = 0;
        _world.Lambda.Behavior = _ => ++calls == 1 ? throw new HttpRequestException("connection refused") : DeliveryResult.Delivered;
        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "survives");
        Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        await _world.Service.FlushAsync().WaitAsync(s_wait);
        Assert.Equal("survives", World.DataMessages(_world.Lambda).Single().LogEvents.Single().Message);
        Assert.Equal(1, _world.Metrics.Sum("DeliveryErrors", Dimensions("Lambda")));
    }

    [Fact]
    public async Task A_router_factory_that_throws_at_delivery_is_a_retryable_failure_not_a_dead_worker()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Service.Destinations.Unregister(World.LambdaArn);
        var calls = 0;
        _world.Service.Destinations.RegisterFactory(DestinationType.Lambda, _ => ++calls == 1 ? throw new InvalidOperationException("not ready") : _world.Lambda);
        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "survives");
        Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        await _world.Service.FlushAsync().WaitAsync(s_wait);
        Assert.Equal("survives", World.DataMessages(_world.Lambda).Single().LogEvents.Single().Message);
        Assert.Equal(1, _world.Metrics.Sum("DeliveryErrors", Dimensions("Lambda")));
        Assert.Empty(_world.Dropped);
    }

    [Fact]
    public async Task DLV_11_a_retry_after_a_lost_acknowledgement_duplicates_and_ids_allow_dedupe()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));

        // The endpoint stores the record but the acknowledgement is lost: at-least-once means it comes again, same ids.
        var stored = new List<DeliveryRecord>();
        _world.Lambda.Behavior = batch =>
        {
            stored.AddRange(batch.Records);
            return batch.Attempt == 1 ? Fail(DeliveryOutcome.RetryableError, "RequestTimeout") : DeliveryResult.Delivered;
        };
        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "dup");
        Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        await _world.Service.FlushAsync().WaitAsync(s_wait);
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[0].Message.LogEvents.Single().Id, stored[1].Message.LogEvents.Single().Id);
        Assert.Equal(stored[0].Data.ToArray(), stored[1].Data.ToArray());
    }

    [Fact]
    public async Task DLV_12_partition_keys_ByLogStream_stable_per_stream_Random_spread()
    {
        _world.Sender.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = "s2" });
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("by-stream"));
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("random") with { Distribution = Distribution.Random, DestinationArn = World.FirehoseArn });
        for (var i = 0; i < 4; i++)
        {
            await _world.PutAsync($"m{i}");
            await _world.PutAsync(_world.Sender, World.Group, "s2", $"n{i}");
        }

        await _world.Service.FlushAsync();
        var byStream = _world.Kinesis.Received.Where(r => !r.Decode().IsControlMessage)
            .GroupBy(r => r.Decode().LogStream).ToDictionary(g => g.Key, g => g.Select(r => r.PartitionKey).Distinct().ToArray());
        Assert.Single(byStream[World.Stream]);
        Assert.Single(byStream["s2"]);
        Assert.NotEqual(byStream[World.Stream][0], byStream["s2"][0]);
        Assert.All(byStream.Values, keys => Assert.InRange(keys[0].Length, 1, 256));

        var randomKeys = _world.Firehose.Received.Where(r => !r.Decode().IsControlMessage).Select(r => r.PartitionKey).ToArray();
        Assert.Equal(8, randomKeys.Length);
        Assert.Equal(8, randomKeys.Distinct().Count());
    }

    [Fact]
    public async Task MET_01_forwarded_events_and_compressed_bytes_by_AWS_dimensions()
    {
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("f1"));
        await _world.PutAsync("a", "b", "c");
        var record = _world.Kinesis.Received.Single(r => !r.Decode().IsControlMessage);
        Assert.Equal(3, _world.Metrics.Sum("ForwardedLogEvents", Dimensions("Kinesis Data Streams")));
        Assert.Equal(record.Payload.Length, _world.Metrics.Sum("ForwardedBytes", Dimensions("Kinesis Data Streams")));
        Assert.Equal(0, _world.Metrics.Sum("DeliveryErrors"));
        Assert.All(_world.Metrics.Measurements, m => Assert.Equal(
            ["DestinationType", "FilterName", "LogGroupName"],
            m.Tags.Keys.Where(k => k != "Reason").Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task MET_02_non_ASCII_filter_names_become_question_marks()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("fïltér-🚀"));
        await _world.PutAsync("x");
        Assert.Equal(1, _world.Metrics.Sum("ForwardedLogEvents", Dimensions("Lambda", "f?lt?r-?")));
        Assert.Equal("tab?", SubscriptionMetrics.ToDimensionValue("tab\t"));
    }

    [Fact]
    public async Task MET_03_delivery_errors_count_events_per_failed_attempt()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        var calls = 0;
        _world.Lambda.Behavior = _ => ++calls <= 2 ? Fail(DeliveryOutcome.RetryableError, "ServiceException") : DeliveryResult.Delivered;
        await _world.PutAsync(_world.Sender, World.Group, World.Stream, "a", "b", "c");
        Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        Assert.True(await _world.Time.AdvanceToNextTimerAsync(s_wait));
        await _world.Service.FlushAsync().WaitAsync(s_wait);
        Assert.Equal(6, _world.Metrics.Sum("DeliveryErrors", Dimensions("Lambda")));
        Assert.Equal(3, _world.Metrics.Sum("ForwardedLogEvents", Dimensions("Lambda")));
    }

    [Fact]
    public async Task A_full_queue_makes_PutLogEvents_wait_instead_of_growing()
    {
        await using var world = new World(new SubscriptionServiceOptions { MaxQueuedBytesPerTarget = 1 });
        world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        var release = new TaskCompletionSource<DeliveryResult>();
        var blocked = new BlockingDestination(release.Task);
        world.Service.Destinations.Register(World.LambdaArn, blocked);

        var first = world.PutAsync(world.Sender, World.Group, World.Stream, "one");
        await first.WaitAsync(s_wait);
        await WaitUntil(() => blocked.Calls == 1);
        var second = world.PutAsync(world.Sender, World.Group, World.Stream, "two");
        var third = world.PutAsync(world.Sender, World.Group, World.Stream, "three");
        await Task.Delay(100);
        Assert.False(third.IsCompleted);

        // Cancelling a waiting PutLogEvents leaves nothing half-accepted.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Sender.PutLogEventsAsync(
            new() { LogGroupName = World.Group, LogStreamName = World.Stream, LogEvents = [new(world.NowMillis, "cancelled")] }, cancel.Token));

        release.SetResult(DeliveryResult.Delivered);
        await Task.WhenAll(second, third).WaitAsync(s_wait);
        await world.Service.FlushAsync().WaitAsync(s_wait);
        Assert.Equal(["one", "two", "three"], blocked.Messages.SelectMany(m => m.LogEvents).Select(e => e.Message));
        Assert.Empty(world.Dropped);
    }

    [Fact]
    public async Task Disposing_reports_what_is_still_queued_as_ServiceStopped()
    {
        var world = new World();
        world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        world.Lambda.Behavior = _ => Fail(DeliveryOutcome.RetryableError, "ServiceException");
        await world.PutAsync(world.Sender, World.Group, World.Stream, "pending");
        await WaitUntil(() => world.Lambda.Calls >= 1);
        await world.DisposeAsync();
        var dropped = Assert.Single(world.Dropped);
        Assert.Equal(DropReason.ServiceStopped, dropped.Reason);
        Assert.Equal("pending", dropped.Message.LogEvents.Single().Message);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }

    private sealed class ScriptedDestination(Func<DeliveryBatch, Task<DeliveryResult>> script) : IDestinationAdapter
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return await script(batch);
        }
    }

    private sealed class BlockingDestination(Task<DeliveryResult> release) : IDestinationAdapter
    {
        private readonly List<SubscriptionMessage> _messages = [];
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<SubscriptionMessage> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public async ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var result = await release.WaitAsync(cancellationToken);
            lock (_messages)
            {
                _messages.AddRange(batch.Records.Select(r => r.Message));
            }

            return result;
        }
    }
}
