using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Delivery;

/// <summary>
/// Credentials that cannot be found are retried for a grace period, then fail as non-retryable, so that a credential
/// that never comes ends in the reported give-up (filter disabled, events reported) rather than 24 hours of retries.
/// </summary>
public sealed class CredentialsFailureTests
{
    private const string FirehoseArn = "arn:aws:firehose:eu-west-1:111111111111:deliverystream/logs";
    private static readonly DateTimeOffset s_start = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed class SwitchableCredentials : IAwsCredentialsProvider
    {
        public bool Available { get; set; }

        public int Lookups { get; private set; }

        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
        {
            Lookups++;
            return Available
                ? ValueTask.FromResult(new AwsCredentials(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken))
                : throw new AwsCredentialsException("The AWS credential chain found no credentials.");
        }
    }

    private static DeliveryBatch Batch() => new(FirehoseArn, DestinationType.Firehose,
        [new DeliveryRecord(SubscriptionMessage.CreateControlMessage(DestinationType.Firehose, 1), new byte[] { 1 }, "k", FirehoseArn)], 1);

    [Fact]
    public async Task Missing_credentials_are_retryable_within_the_grace_period_and_non_retryable_after_it()
    {
        await using var server = FakeAws.Start("firehose", r => FakeTargets.FirehoseAccept(Firehose.FirehoseClientTests.ParsePutRecordBatch(r).Records.Count));
        var clock = new ManualTimeProvider(s_start);
        var credentials = new SwitchableCredentials();
        using var aws = new AwsDestinations(new AwsDestinationOptions
        {
            FirehoseEndpoint = server.Endpoint,
            Credentials = credentials,
            TimeProvider = clock,
            CredentialsFailureGracePeriod = TimeSpan.FromMinutes(5),
        });
        var adapter = aws.CreateAdapter(FirehoseArn)!;

        var first = (await adapter.DeliverAsync(Batch(), default)).GetOutcome(0);
        clock.Advance(TimeSpan.FromMinutes(4));
        var within = (await adapter.DeliverAsync(Batch(), default)).GetOutcome(0);
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = (await adapter.DeliverAsync(Batch(), default)).GetOutcome(0);

        Assert.Equal((DeliveryOutcome.RetryableError, "CredentialsUnavailable"), (first.Outcome, first.ErrorCode));
        Assert.Equal(DeliveryOutcome.RetryableError, within.Outcome);
        Assert.Equal((DeliveryOutcome.NonRetryableError, "CredentialsUnavailable"), (after.Outcome, after.ErrorCode));
        Assert.Contains("grace period", after.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(server.Requests);

        // Once credentials are back, a later failure starts a new grace period.
        credentials.Available = true;
        Assert.True((await adapter.DeliverAsync(Batch(), default)).GetOutcome(0).IsDelivered);
        credentials.Available = false;
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(DeliveryOutcome.RetryableError, (await adapter.DeliverAsync(Batch(), default)).GetOutcome(0).Outcome);
    }

    [Fact]
    public async Task An_expired_session_token_answered_by_the_service_is_retried_within_the_grace_period()
    {
        await using var server = FakeAws.Start("firehose", _ => FakeResponse.AwsJsonError(400, "ExpiredTokenException", "The security token included in the request is expired"));
        var clock = new ManualTimeProvider(s_start);
        using var aws = new AwsDestinations(new AwsDestinationOptions
        {
            FirehoseEndpoint = server.Endpoint,
            Credentials = new StaticCredentialsProvider(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken),
            TimeProvider = clock,
        });
        var adapter = aws.CreateAdapter(FirehoseArn)!;

        var first = (await adapter.DeliverAsync(Batch(), default)).GetOutcome(0);
        clock.Advance(TimeSpan.FromMinutes(6));
        var later = (await adapter.DeliverAsync(Batch(), default)).GetOutcome(0);

        Assert.Equal((DeliveryOutcome.RetryableError, "ExpiredTokenException"), (first.Outcome, first.ErrorCode));
        Assert.Equal((DeliveryOutcome.NonRetryableError, "ExpiredTokenException"), (later.Outcome, later.ErrorCode));
    }

    [Fact]
    public async Task Credentials_that_never_come_end_in_a_reported_give_up_and_a_disabled_filter()
    {
        // A Lambda target: no health check goes first, so the events themselves meet the missing credentials.
        const string lambda = "arn:aws:lambda:eu-west-1:111111111111:function:f";
        await using var server = FakeAws.Start("lambda", _ => new FakeResponse(202));
        var clock = new ManualTimeProvider(s_start);
        await using var harness = new ServiceHarness(FakeAws.Region, new AwsDestinationOptions
        {
            LambdaEndpoint = server.Endpoint,
            Credentials = new SwitchableCredentials(),
        }, new SubscriptionServiceOptions { TimeProvider = clock });
        harness.CreateGroup("g", "s");
        harness.Subscribe("g", "f", "", lambda);

        await harness.PutAsync("g", "s", ["a", "b"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (harness.Dropped.Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the events were never given up");
            await clock.AdvanceToNextTimerAsync(TimeSpan.FromMilliseconds(100));
        }

        await harness.FlushAsync();
        var dropped = Assert.Single(harness.Dropped);
        Assert.Equal((DropReason.NonRetryableError, "CredentialsUnavailable", 2), (dropped.Reason, dropped.ErrorCode, dropped.EventCount));
        Assert.InRange(clock.GetUtcNow() - s_start, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
        var attempts = harness.Sum(SubscriptionMetrics.DeliveryErrors) / 2;
        Assert.True(attempts >= 5, $"{attempts} attempts: retried with backoff during the grace period, each counted");
        Assert.Empty(server.Requests);

        // The filter is disabled for the window: what it matches meanwhile is reported, not queued.
        await harness.PutAsync("g", "s", ["c"]);
        Assert.Contains(harness.Dropped, d => d is { Reason: DropReason.FilterDisabled, EventCount: 1 });
    }
}
