using System.Collections.Concurrent;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Delivery;

/// <summary>
/// The subscription service delivering to Firehose through <see cref="AwsDestinations"/>, against the fake endpoint
/// that verifies every signature independently and checks every body against the documented PutRecordBatch shape.
/// </summary>
public sealed class FirehoseDeliveryTests
{
    private const string Group = "app/web";
    private const string Stream = "i-0abc";
    private const string FirehoseArn = "arn:aws:firehose:eu-west-1:111111111111:deliverystream/central-logs";

    /// <summary>A handler for data calls; control messages are accepted. Requests whose body breaks the documented shape fail the test via a 500.</summary>
    private static Func<ReceivedRequest, FakeResponse> Handler(Func<int, List<SubscriptionMessage>, FakeResponse> onData, ConcurrentQueue<List<SubscriptionMessage>>? dataCalls = null)
    {
        var calls = 0;
        return request =>
        {
            var (name, messages) = FakeTargets.ParseFirehose(request);
            Assert.Equal("central-logs", name);
            if (messages.All(m => m.IsControlMessage))
            {
                return FakeTargets.FirehoseAccept(messages.Count);
            }

            dataCalls?.Enqueue(messages);
            return onData(Interlocked.Increment(ref calls), messages);
        };
    }

    /// <summary>A service with a filter to the fake Firehose, after its health check went out (so that data calls carry data only).</summary>
    private static async Task<ServiceHarness> HarnessAsync(FakeAwsServer server, SubscriptionServiceOptions? options = null)
    {
        var harness = new ServiceHarness(FakeAws.Region, new AwsDestinationOptions
        {
            FirehoseEndpoint = server.Endpoint,
            Credentials = new StaticCredentialsProvider(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken),
            RequestTimeout = TimeSpan.FromSeconds(5),
        }, options);
        harness.CreateGroup(Group, Stream, "i-0def");
        harness.Subscribe(Group, "errors", "ERROR", FirehoseArn);
        await harness.FlushAsync();
        return harness;
    }

    private static string[] Events(int n, string prefix = "ERROR") => Enumerable.Range(0, n).Select(i => $"{prefix} {i} \"q\" é").ToArray();

    private static long Sum(ServiceHarness h, string metric) =>
        h.Metrics.Sum(metric, (SubscriptionMetrics.DestinationTypeDimension, "Firehose"), (SubscriptionMetrics.FilterNameDimension, "errors"));

    [Fact]
    public async Task Records_are_signed_PutRecordBatch_calls_with_base64_gzip_DATA_MESSAGEs_after_the_Firehose_health_check()
    {
        await using var server = FakeAws.Start("firehose", request => FakeTargets.FirehoseAccept(FakeTargets.ParseFirehose(request).Messages.Count));
        await using var harness = await HarnessAsync(server);

        var events = await harness.PutAsync(Group, Stream, [.. Events(3), "INFO skipped"]);
        await harness.FlushAsync();

        Assert.All(server.Requests, r => Assert.Null(r.SignatureError));
        Assert.All(server.Requests, r => Assert.Equal(FakeAws.SessionToken, r.Header("X-Amz-Security-Token")));
        var messages = server.Requests.SelectMany(r => FakeTargets.ParseFirehose(r).Messages).ToList();
        var control = Assert.Single(messages, m => m.IsControlMessage);
        Assert.Equal("CWL CONTROL MESSAGE: Checking health of destination Firehose.", Assert.Single(control.LogEvents).Message);
        var data = Assert.Single(messages, m => !m.IsControlMessage);
        Assert.Equal((ServiceHarness.A, Group, Stream), (data.Owner, data.LogGroup, data.LogStream));
        Assert.Equal(["errors"], data.SubscriptionFilters);
        Assert.Equal(events.Take(3).Select(e => (e.Timestamp, e.Message)), data.LogEvents.Select(e => (e.Timestamp, e.Message)));
        Assert.Equal(3, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Equal(0, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Empty(harness.Dropped);
    }

    [Fact]
    public async Task Throttling_is_counted_as_DeliveryThrottling_per_attempt_and_backed_off_until_delivered()
    {
        await using var server = FakeAws.Start("firehose", Handler((call, messages) => call <= 2
            ? FakeResponse.AwsJsonError(500, "ServiceUnavailableException", "Slow down.")
            : FakeTargets.FirehoseAccept(messages.Count)));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, Events(4));
        await harness.FlushAsync();

        Assert.Equal(2 * 4, Sum(harness, SubscriptionMetrics.DeliveryThrottling));
        Assert.Equal(0, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Equal(4, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Equal(1 + 3, server.Requests.Count);
        Assert.Empty(harness.Dropped);
    }

    [Theory]
    [InlineData(500, "InternalFailure")]
    [InlineData(502, "HttpStatus502")]
    [InlineData(504, "HttpStatus504")]
    public async Task A_5xx_is_a_retryable_DeliveryError_and_the_records_are_sent_again(int status, string code)
    {
        await using var server = FakeAws.Start("firehose", Handler((call, messages) => call == 1
            ? (code.StartsWith("HttpStatus", StringComparison.Ordinal) ? new FakeResponse(status, "<html>bad gateway</html>") : FakeResponse.AwsJsonError(status, code, "Internal service failure."))
            : FakeTargets.FirehoseAccept(messages.Count)));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, Events(5));
        await harness.FlushAsync();

        Assert.Equal(5, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Equal(5, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(harness.Dropped);
    }

    [Fact]
    public async Task A_partial_failure_resends_only_the_failed_record()
    {
        using var gate = new ManualResetEventSlim();
        var dataCalls = new ConcurrentQueue<List<SubscriptionMessage>>();
        await using var server = FakeAws.Start("firehose", Handler((call, messages) =>
        {
            if (call == 1)
            {
                // Hold the first data call until three more batches are queued, so that they go out together next.
                gate.Wait(TimeSpan.FromSeconds(10));
                return FakeTargets.FirehoseAccept(messages.Count);
            }

            return FakeTargets.FirehoseAccept(messages.Count, i => call == 2 && i == 1 ? ("ServiceUnavailableException", "Slow down.") : null);
        }, dataCalls));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, Events(1, "ERROR first"));
        await WaitForAsync(() => !dataCalls.IsEmpty);
        await harness.PutAsync(Group, Stream, Events(2, "ERROR a"));
        await harness.PutAsync(Group, "i-0def", Events(3, "ERROR b"));
        await harness.PutAsync(Group, Stream, Events(4, "ERROR c"));
        gate.Set();
        await harness.FlushAsync();

        var calls = dataCalls.ToList();
        Assert.Equal(3, calls.Count);
        Assert.Equal([2, 3, 4], calls[1].Select(m => m.LogEvents.Count));
        var resent = Assert.Single(calls[2]);
        Assert.Equal(calls[1][1], resent, SubscriptionMessageComparer.Instance);
        Assert.Equal(3, Sum(harness, SubscriptionMetrics.DeliveryThrottling));
        Assert.Equal(10, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(harness.Dropped);
    }

    [Theory]
    [InlineData(400, "AccessDeniedException")]
    [InlineData(400, "ResourceNotFoundException")]
    public async Task A_non_retryable_error_disables_the_filter_and_reports_the_events_without_retrying(int status, string code)
    {
        await using var server = FakeAws.Start("firehose", Handler((_, _) => FakeResponse.AwsJsonError(status, code, "Not for you.")));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, Events(3));
        await harness.FlushAsync();
        await harness.PutAsync(Group, Stream, Events(2, "ERROR later"));
        await harness.FlushAsync();

        Assert.Equal(1 + 1, server.Requests.Count); // the health check, then one data call: no retry, nothing while disabled
        var dropped = harness.Dropped;
        Assert.Equal(2, dropped.Count);
        Assert.Equal((DropReason.NonRetryableError, code, 3), (dropped[0].Reason, dropped[0].ErrorCode, dropped[0].EventCount));
        Assert.Equal(FirehoseArn, dropped[0].TargetArn);
        Assert.Contains("Not for you.", dropped[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Equal((DropReason.FilterDisabled, 2), (dropped[1].Reason, dropped[1].EventCount));
        Assert.Equal(3, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Equal(5, Sum(harness, SubscriptionMetrics.DroppedLogEvents));
        Assert.Equal(0, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
    }

    [Fact]
    public async Task A_connection_reset_is_retried_and_nothing_is_lost()
    {
        await using var server = FakeAws.Start("firehose", Handler((call, messages) => call == 1
            ? new FakeResponse(200) { Abort = true }
            : FakeTargets.FirehoseAccept(messages.Count)));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, Events(6));
        await harness.FlushAsync();

        Assert.Equal(6, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Equal(6, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(harness.Dropped);
    }

    [Fact]
    public async Task Throttling_for_24_hours_ends_in_RetryPeriodExpired_with_every_attempt_counted()
    {
        // AWS's 24-hour bound (the default); backoff capped at an hour instead of 5 minutes to keep the attempts few.
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        await using var server = FakeAws.Start("firehose", Handler((_, _) => FakeResponse.AwsJsonError(500, "ServiceUnavailableException", "Slow down.")));
        await using var harness = await HarnessAsync(server, new SubscriptionServiceOptions { TimeProvider = clock, RetryMaxDelay = TimeSpan.FromHours(1) });

        await harness.PutAsync(Group, Stream, Events(2));
        var started = clock.GetUtcNow();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (harness.Dropped.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no give-up after {server.Requests.Count} requests, clock at {clock.GetUtcNow() - started}");
            await clock.AdvanceToNextTimerAsync(TimeSpan.FromMilliseconds(100));
        }

        await harness.FlushAsync();
        var dropped = Assert.Single(harness.Dropped);
        Assert.Equal((DropReason.RetryPeriodExpired, "ServiceUnavailableException", 2), (dropped.Reason, dropped.ErrorCode, dropped.EventCount));
        Assert.InRange(clock.GetUtcNow() - started, TimeSpan.FromHours(24), TimeSpan.FromHours(25));
        var attempts = server.Requests.Count - 1;
        Assert.InRange(attempts, 20, 60);
        Assert.Equal(2L * attempts, Sum(harness, SubscriptionMetrics.DeliveryThrottling));
        Assert.Equal(2, Sum(harness, SubscriptionMetrics.DroppedLogEvents));
        Assert.Equal(0, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }
}

/// <summary>Compares messages by value (their lists are compared element by element).</summary>
internal sealed class SubscriptionMessageComparer : IEqualityComparer<SubscriptionMessage>
{
    public static SubscriptionMessageComparer Instance { get; } = new();

    public bool Equals(SubscriptionMessage? x, SubscriptionMessage? y) =>
        x is not null && y is not null
        && (x.MessageType, x.Owner, x.LogGroup, x.LogStream) == (y.MessageType, y.Owner, y.LogGroup, y.LogStream)
        && x.SubscriptionFilters.SequenceEqual(y.SubscriptionFilters)
        && x.LogEvents.SequenceEqual(y.LogEvents);

    public int GetHashCode(SubscriptionMessage obj) => HashCode.Combine(obj.LogGroup, obj.LogStream, obj.LogEvents.Count);
}
