using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Delivery;

/// <summary>
/// The subscription service invoking a Lambda function through <see cref="AwsDestinations"/>, against the fake endpoint
/// that verifies every signature independently and checks every request against the documented Invoke shape.
/// </summary>
public sealed class LambdaDeliveryTests
{
    private const string Group = "app/api";
    private const string Stream = "task-1";
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:111111111111:function:log-consumer";

    private static async Task<ServiceHarness> HarnessAsync(FakeAwsServer server)
    {
        var harness = new ServiceHarness(FakeAws.Region, new AwsDestinationOptions
        {
            LambdaEndpoint = server.Endpoint,
            Credentials = new StaticCredentialsProvider(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken),
            RequestTimeout = TimeSpan.FromSeconds(5),
        });
        harness.CreateGroup(Group, Stream, "task-2");
        harness.Subscribe(Group, "to-lambda", "", FunctionArn);
        await harness.FlushAsync();
        return harness;
    }

    /// <summary>Checks every request's shape and signature, then answers with <paramref name="answer"/> (by 1-based call number).</summary>
    private static FakeAwsServer Server(Func<int, SubscriptionMessage, FakeResponse> answer)
    {
        var calls = 0;
        return FakeAws.Start("lambda", request =>
        {
            var (function, message) = FakeTargets.ParseLambda(request);
            Assert.Equal(FunctionArn, function);
            return answer(Interlocked.Increment(ref calls), message);
        });
    }

    private static long Sum(ServiceHarness h, string metric) =>
        h.Metrics.Sum(metric, (SubscriptionMetrics.DestinationTypeDimension, "Lambda"), (SubscriptionMetrics.FilterNameDimension, "to-lambda"));

    [Fact]
    public async Task Each_record_is_an_Event_invocation_carrying_awslogs_data_and_no_health_check()
    {
        await using var server = Server((_, _) => new FakeResponse(202));
        await using var harness = await HarnessAsync(server);

        var first = await harness.PutAsync(Group, Stream, ["GET /a 200", "GET /b 500"]);
        var second = await harness.PutAsync(Group, "task-2", ["POST /c 201"]);
        await harness.FlushAsync();

        Assert.Equal(2, server.Requests.Count); // Lambda targets get no CONTROL_MESSAGE
        Assert.All(server.Requests, r => Assert.Null(r.SignatureError));
        var messages = server.Requests.Select(r => FakeTargets.ParseLambda(r).Message).OrderBy(m => m.LogStream, StringComparer.Ordinal).ToList();
        Assert.All(messages, m => Assert.Equal((SubscriptionMessage.DataMessage, ServiceHarness.A, Group), (m.MessageType, m.Owner, m.LogGroup)));
        Assert.All(messages, m => Assert.Equal(["to-lambda"], m.SubscriptionFilters));
        Assert.Equal(first.Select(e => (e.Timestamp, e.Message)), messages[0].LogEvents.Select(e => (e.Timestamp, e.Message)));
        Assert.Equal(second.Select(e => (e.Timestamp, e.Message)), messages[1].LogEvents.Select(e => (e.Timestamp, e.Message)));
        Assert.Equal(3, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(harness.Dropped);
    }

    [Theory]
    [InlineData(429, "TooManyRequestsException", SubscriptionMetrics.DeliveryThrottling)]
    [InlineData(500, "ServiceException", SubscriptionMetrics.DeliveryErrors)]
    [InlineData(502, "EC2UnexpectedException", SubscriptionMetrics.DeliveryErrors)]
    [InlineData(409, "ResourceConflictException", SubscriptionMetrics.DeliveryErrors)]
    public async Task Throttling_and_transient_errors_are_counted_and_retried_until_delivered(int status, string code, string metric)
    {
        await using var server = Server((call, _) => call <= 2 ? FakeResponse.RestJsonError(status, code, "Try again.") : new FakeResponse(202));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, ["a", "b", "c"]);
        await harness.FlushAsync();

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2 * 3, Sum(harness, metric));
        Assert.Equal(3, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(harness.Dropped);
    }

    [Theory]
    [InlineData(403, "AccessDeniedException")]
    [InlineData(404, "ResourceNotFoundException")]
    [InlineData(400, "InvalidRequestContentException")]
    public async Task A_non_retryable_error_disables_the_filter_and_reports_the_events(int status, string code)
    {
        await using var server = Server((_, _) => FakeResponse.RestJsonError(status, code, "No."));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, ["a", "b"]);
        await harness.FlushAsync();
        await harness.PutAsync(Group, Stream, ["c"]);
        await harness.FlushAsync();

        Assert.Single(server.Requests);
        var dropped = harness.Dropped;
        Assert.Equal((DropReason.NonRetryableError, code, 2, FunctionArn), (dropped[0].Reason, dropped[0].ErrorCode, dropped[0].EventCount, dropped[0].TargetArn));
        Assert.Equal((DropReason.FilterDisabled, 1), (dropped[1].Reason, dropped[1].EventCount));
        Assert.Equal(2, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Equal(3, Sum(harness, SubscriptionMetrics.DroppedLogEvents));
    }

    [Fact]
    public async Task A_connection_reset_is_retried()
    {
        await using var server = Server((call, _) => call == 1 ? new FakeResponse(202) { Abort = true } : new FakeResponse(202));
        await using var harness = await HarnessAsync(server);

        await harness.PutAsync(Group, Stream, ["a"]);
        await harness.FlushAsync();

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, Sum(harness, SubscriptionMetrics.DeliveryErrors));
        Assert.Equal(1, Sum(harness, SubscriptionMetrics.ForwardedLogEvents));
        Assert.Empty(harness.Dropped);
    }
}
