using System.Text.Json;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Delivery;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Delivery;

/// <summary>
/// The adapters on their own, handed <see cref="DeliveryBatch"/>es as the pipeline would: splitting into calls within
/// the service limits, per-record outcomes, failures in the middle of a batch, oversized records, ARN routing.
/// </summary>
public sealed class AdapterTests
{
    private const string KinesisArn = "arn:aws:kinesis:eu-west-1:111111111111:stream/logs";
    private const string FirehoseArn = "arn:aws:firehose:eu-west-1:111111111111:deliverystream/logs";

    private static readonly SubscriptionMessage s_message = new()
    {
        MessageType = SubscriptionMessage.DataMessage,
        Owner = "111111111111",
        LogGroup = "g",
        LogStream = "s",
        SubscriptionFilters = ["f"],
        LogEvents = [new SubscriptionLogEvent("1", 1, "m")],
    };

    private static AwsDestinations Destinations(FakeAwsServer? server = null, AwsDestinationOptions? options = null) => new((options ?? new AwsDestinationOptions()) with
    {
        KinesisEndpoint = server?.Endpoint ?? options?.KinesisEndpoint,
        FirehoseEndpoint = server?.Endpoint ?? options?.FirehoseEndpoint,
        LambdaEndpoint = server?.Endpoint ?? options?.LambdaEndpoint,
        Credentials = options?.Credentials ?? new StaticCredentialsProvider(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken),
        RequestTimeout = TimeSpan.FromSeconds(5),
    });

    /// <summary>Records whose data is <paramref name="size"/> bytes of the index (the adapters do not look inside).</summary>
    private static DeliveryBatch Batch(string arn, DestinationType type, int count, int size, string key = "0123456789abcdef0123456789abcdef") =>
        new(arn, type, Enumerable.Range(0, count).Select(i => Record(size, i, key)).ToArray(), attempt: 1);

    private static DeliveryRecord Record(int size, int fill, string key = "0123456789abcdef0123456789abcdef")
    {
        var data = new byte[size];
        BitConverter.TryWriteBytes(data, fill);
        return new DeliveryRecord(s_message, data, key, "arn:aws:kinesis:eu-west-1:111111111111:stream/logs");
    }

    private static int FillOf(byte[] data) => BitConverter.ToInt32(data);

    /// <summary>The records of a PutRecords body: (data fill, partition key), and the stream as named.</summary>
    private static (string? Name, string? Arn, List<(int Fill, string Key)> Records) ParsePutRecords(ReceivedRequest request)
    {
        Assert.Equal("Kinesis_20131202.PutRecords", request.Header("X-Amz-Target"));
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        var records = root.GetProperty("Records").EnumerateArray()
            .Select(r => (FillOf(r.GetProperty("Data").GetBytesFromBase64()), r.GetProperty("PartitionKey").GetString()!)).ToList();
        return (root.TryGetProperty("StreamName", out var n) ? n.GetString() : null, root.TryGetProperty("StreamARN", out var a) ? a.GetString() : null, records);
    }

    private static FakeResponse KinesisAccept(int count, Func<int, string?>? fail = null) => FakeResponse.Json(200, $$"""
        {"FailedRecordCount":{{Enumerable.Range(0, count).Count(i => fail?.Invoke(i) is not null)}},"Records":[{{string.Join(',', Enumerable.Range(0, count).Select(i => fail?.Invoke(i) is { } code
            ? $$"""{"ErrorCode":"{{code}}","ErrorMessage":"{{code}} for record {{i}}"}"""
            : $$"""{"SequenceNumber":"{{i}}","ShardId":"shardId-000000000000"}"""))}}]}
        """);

    private static List<RecordOutcome> Outcomes(DeliveryResult result, int count) =>
        Enumerable.Range(0, count).Select(result.GetOutcome).ToList();

    [Fact]
    public async Task Kinesis_batches_are_split_at_500_records_per_call_in_order()
    {
        await using var server = FakeAws.Start("kinesis", r => KinesisAccept(ParsePutRecords(r).Records.Count));
        using var aws = Destinations(server);
        var adapter = aws.CreateAdapter(KinesisArn)!;

        var result = await adapter.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 1_200, 16), default);

        Assert.False(result.IsPerRecord);
        Assert.True(result.GetOutcome(0).IsDelivered);
        var calls = server.Requests.Select(r => ParsePutRecords(r).Records).ToList();
        Assert.Equal([500, 500, 200], calls.Select(c => c.Count));
        Assert.Equal(Enumerable.Range(0, 1_200), calls.SelectMany(c => c).Select(r => r.Fill));
        Assert.All(server.Requests, r => Assert.Null(r.SignatureError));
    }

    [Fact]
    public async Task Kinesis_counts_partition_keys_against_the_5_MiB_call_limit()
    {
        await using var server = FakeAws.Start("kinesis", r => KinesisAccept(ParsePutRecords(r).Records.Count));
        using var aws = Destinations(server);
        var adapter = aws.CreateAdapter(KinesisArn)!;

        // 500 records of 10,460 data bytes are under 5 MiB of data, but not with their 32-byte keys.
        var result = await adapter.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 500, 10_460), default);

        Assert.True(result.GetOutcome(499).IsDelivered);
        var calls = server.Requests.Select(r => ParsePutRecords(r).Records).ToList();
        Assert.Equal([499, 1], calls.Select(c => c.Count));
        Assert.All(calls, c => Assert.True(c.Count * (10_460L + 32) <= AwsLimits.KinesisMaxBytesPerPutRecords));
    }

    [Fact]
    public async Task Kinesis_per_record_failures_map_to_Throttled_and_RetryableError()
    {
        await using var server = FakeAws.Start("kinesis", r => KinesisAccept(ParsePutRecords(r).Records.Count, i => i switch
        {
            1 => "ProvisionedThroughputExceededException",
            3 => "InternalFailure",
            _ => null,
        }));
        using var aws = Destinations(server);

        var result = await aws.CreateAdapter(KinesisArn)!.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 4, 8), default);

        Assert.True(result.IsPerRecord);
        var outcomes = Outcomes(result, 4);
        Assert.Equal(
            [DeliveryOutcome.Delivered, DeliveryOutcome.Throttled, DeliveryOutcome.Delivered, DeliveryOutcome.RetryableError],
            outcomes.Select(o => o.Outcome));
        Assert.Equal("ProvisionedThroughputExceededException", outcomes[1].ErrorCode);
        Assert.Equal("InternalFailure for record 3", outcomes[3].ErrorMessage);
    }

    [Fact]
    public async Task A_record_over_the_Kinesis_record_limit_is_not_sent_and_fails_alone_as_non_retryable()
    {
        await using var server = FakeAws.Start("kinesis", r => KinesisAccept(ParsePutRecords(r).Records.Count));
        using var aws = Destinations(server);
        var records = new[] { Record(10, 0), Record(AwsLimits.KinesisMaxRecordBytes, 1), Record(10, 2) };

        var result = await aws.CreateAdapter(KinesisArn)!.DeliverAsync(new DeliveryBatch(KinesisArn, DestinationType.Kinesis, records, 1), default);

        Assert.Equal([DeliveryOutcome.Delivered, DeliveryOutcome.NonRetryableError, DeliveryOutcome.Delivered], Outcomes(result, 3).Select(o => o.Outcome));
        Assert.Equal("ValidationException", result.GetOutcome(1).ErrorCode);
        Assert.Equal([0, 2], ParsePutRecords(Assert.Single(server.Requests)).Records.Select(r => r.Fill));
    }

    [Fact]
    public async Task Firehose_batches_are_split_at_4_MiB_and_a_reset_in_the_middle_fails_only_the_unsent_records()
    {
        var calls = 0;
        await using var server = FakeAws.Start("firehose", request =>
        {
            var (_, records) = Firehose.FirehoseClientTests.ParsePutRecordBatch(request);
            return Interlocked.Increment(ref calls) == 2 ? new FakeResponse(200) { Abort = true } : FakeTargets.FirehoseAccept(records.Count);
        });
        using var aws = Destinations(server);

        // 7 records of 700 KiB: 4.8 MiB for one call of the pipeline (under its 5 MiB), over Firehose's 4 MiB.
        var result = await aws.CreateAdapter(FirehoseArn)!.DeliverAsync(Batch(FirehoseArn, DestinationType.Firehose, 7, 700 * 1024), default);

        var sizes = server.Requests.Select(r => Firehose.FirehoseClientTests.ParsePutRecordBatch(r).Records.Count).ToList();
        Assert.Equal([5, 2], sizes);
        var outcomes = Outcomes(result, 7);
        Assert.All(outcomes.Take(5), o => Assert.True(o.IsDelivered));
        Assert.All(outcomes.Skip(5), o => Assert.Equal(DeliveryOutcome.RetryableError, o.Outcome));
        Assert.Contains(outcomes[6].ErrorCode, new[] { "ConnectionReset", "ConnectionFailure" });
    }

    [Fact]
    public async Task When_a_whole_call_is_throttled_the_following_calls_of_the_batch_are_not_made()
    {
        await using var server = FakeAws.Start("firehose", _ => FakeResponse.AwsJsonError(500, "ServiceUnavailableException", "Slow down."));
        using var aws = Destinations(server);

        var result = await aws.CreateAdapter(FirehoseArn)!.DeliverAsync(Batch(FirehoseArn, DestinationType.Firehose, 501, 8), default);

        Assert.Single(server.Requests);
        Assert.All(Outcomes(result, 501), o => Assert.Equal((DeliveryOutcome.Throttled, "ServiceUnavailableException"), (o.Outcome, o.ErrorCode)));
        Assert.Contains("HTTP 500", result.GetOutcome(500).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_connection_and_a_timeout_are_retryable()
    {
        using var refused = Destinations(options: new AwsDestinationOptions { KinesisEndpoint = FakeAws.ClosedEndpoint() });
        var result = await refused.CreateAdapter(KinesisArn)!.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 2, 8), default);
        Assert.Equal((DeliveryOutcome.RetryableError, "ConnectionRefused"), (result.GetOutcome(1).Outcome, result.GetOutcome(1).ErrorCode));

        await using var slow = FakeAws.Start("kinesis", _ => new FakeResponse(200, "{}") { Delay = TimeSpan.FromSeconds(5) });
        using var aws = new AwsDestinations(new AwsDestinationOptions
        {
            KinesisEndpoint = slow.Endpoint,
            Credentials = new StaticCredentialsProvider(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken),
            RequestTimeout = TimeSpan.FromMilliseconds(200),
        });
        result = await aws.CreateAdapter(KinesisArn)!.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 1, 8), default);
        Assert.Equal((DeliveryOutcome.RetryableError, "Timeout"), (result.GetOutcome(0).Outcome, result.GetOutcome(0).ErrorCode));
    }

    [Fact]
    public async Task Cancellation_by_the_pipeline_is_thrown_not_reported()
    {
        await using var server = FakeAws.Start("lambda", _ => new FakeResponse(202) { Delay = TimeSpan.FromSeconds(5) });
        using var aws = Destinations(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        const string lambda = "arn:aws:lambda:eu-west-1:111111111111:function:f";

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await aws.CreateAdapter(lambda)!.DeliverAsync(Batch(lambda, DestinationType.Lambda, 3, 8), cts.Token));
    }

    [Fact]
    public async Task Lambda_invocations_get_one_outcome_each_and_run_a_bounded_number_at_a_time()
    {
        var running = 0;
        var peak = 0;
        await using var server = FakeAws.Start("lambda", request =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
            var (_, message) = FakeTargets.ParseLambda(request);
            return message.LogEvents[0].Message == "throttle" ? FakeResponse.RestJsonError(429, "TooManyRequestsException", "Rate exceeded") : new FakeResponse(202);
        });
        using var aws = Destinations(server, new AwsDestinationOptions { LambdaMaxConcurrency = 3 });
        const string lambda = "arn:aws:lambda:eu-west-1:111111111111:function:f:live";
        var records = Enumerable.Range(0, 12).Select(i => new DeliveryRecord(
            s_message with { LogEvents = [new SubscriptionLogEvent($"{i}", i, i == 4 ? "throttle" : "ok")] },
            SubscriptionPayload.Encode(s_message with { LogEvents = [new SubscriptionLogEvent($"{i}", i, i == 4 ? "throttle" : "ok")] }),
            "k",
            lambda)).ToArray();

        var result = await aws.CreateAdapter(lambda)!.DeliverAsync(new DeliveryBatch(lambda, DestinationType.Lambda, records, 1), default);

        Assert.Equal(12, server.Requests.Count);
        Assert.InRange(peak, 1, 3);
        var outcomes = Outcomes(result, 12);
        Assert.Equal(DeliveryOutcome.Throttled, outcomes[4].Outcome);
        Assert.Equal(11, outcomes.Count(o => o.IsDelivered));
        Assert.All(server.Requests, r => Assert.Equal(lambda, FakeTargets.ParseLambda(r).Function));
    }

    [Fact]
    public async Task A_Lambda_payload_over_the_limit_is_not_sent_and_fails_as_non_retryable()
    {
        await using var server = FakeAws.Start("lambda", _ => new FakeResponse(202));
        using var aws = Destinations(server, new AwsDestinationOptions { LambdaMaxPayloadBytes = AwsLimits.LambdaLegacyMaxAsyncPayloadBytes });
        const string lambda = "arn:aws:lambda:eu-west-1:111111111111:function:f";

        var result = await aws.CreateAdapter(lambda)!.DeliverAsync(Batch(lambda, DestinationType.Lambda, 1, 200 * 1024), default);

        Assert.Empty(server.Requests);
        Assert.Equal((DeliveryOutcome.NonRetryableError, "ValidationException"), (result.GetOutcome(0).Outcome, result.GetOutcome(0).ErrorCode));
    }

    [Fact]
    public async Task Kinesis_streams_are_named_by_name_for_an_endpoint_override_and_by_ARN_when_asked()
    {
        await using var server = FakeAws.Start("kinesis", r => KinesisAccept(ParsePutRecords(r).Records.Count));
        using var auto = Destinations(server);
        using var byArn = Destinations(server, new AwsDestinationOptions { KinesisStreamReference = KinesisStreamReference.StreamArn });

        await auto.CreateAdapter(KinesisArn)!.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 1, 8), default);
        await byArn.CreateAdapter(KinesisArn)!.DeliverAsync(Batch(KinesisArn, DestinationType.Kinesis, 1, 8), default);

        var named = server.Requests.Select(ParsePutRecords).ToList();
        Assert.Equal(("logs", null), (named[0].Name, named[0].Arn));
        Assert.Equal((null, KinesisArn), (named[1].Name, named[1].Arn));

        // Against AWS's own endpoints, Auto sends the ARN (which a stream of another account needs).
        using var real = new AwsDestinations(new AwsDestinationOptions { Credentials = new StaticCredentialsProvider("AKID", "secret") });
        Assert.Equal(KinesisArn, Assert.IsType<KinesisDestinationAdapter>(real.CreateAdapter(KinesisArn)).Stream);
    }

    [Theory]
    [InlineData("arn:aws:kinesis:us-west-2:111111111111:stream/s", "https://kinesis.us-west-2.amazonaws.com/")]
    [InlineData("arn:aws-cn:firehose:cn-north-1:111111111111:deliverystream/d", "https://firehose.cn-north-1.amazonaws.com.cn/")]
    [InlineData("arn:aws-us-gov:lambda:us-gov-west-1:111111111111:function:f:1", "https://lambda.us-gov-west-1.amazonaws.com/")]
    public void The_region_and_endpoint_come_from_the_target_ARN(string arn, string endpoint)
    {
        using var aws = new AwsDestinations(new AwsDestinationOptions { Credentials = new StaticCredentialsProvider("AKID", "secret") });

        Assert.NotNull(aws.CreateAdapter(arn));
        var parsed = AwsArn.Parse(arn);
        var (region, actual) = parsed.Service switch
        {
            "kinesis" => (aws.GetKinesisClient(parsed.Region).Region, aws.GetKinesisClient(parsed.Region).Endpoint),
            "firehose" => (aws.GetFirehoseClient(parsed.Region).Region, aws.GetFirehoseClient(parsed.Region).Endpoint),
            _ => (aws.GetLambdaClient(parsed.Region).Region, aws.GetLambdaClient(parsed.Region).Endpoint),
        };
        Assert.Equal(parsed.Region, region);
        Assert.Equal(new Uri(endpoint), actual);
        Assert.Same(aws.GetKinesisClient("us-west-2"), aws.GetKinesisClient("us-west-2"));
    }

    [Fact]
    public async Task Requests_are_signed_for_the_region_of_the_target_ARN()
    {
        await using var server = new FakeAwsServer(
            r => KinesisAccept(ParsePutRecords(r).Records.Count),
            new SigV4Verifier.Expectation("kinesis", "ap-southeast-2", FakeAws.Keys, TimeProvider.System));
        using var aws = Destinations(server);
        const string arn = "arn:aws:kinesis:ap-southeast-2:111111111111:stream/far";

        var result = await aws.CreateAdapter(arn)!.DeliverAsync(Batch(arn, DestinationType.Kinesis, 1, 8), default);

        Assert.True(result.GetOutcome(0).IsDelivered, result.GetOutcome(0).ErrorMessage);
        Assert.Null(Assert.Single(server.Requests).SignatureError);
    }

    [Theory]
    [InlineData("not an arn")]
    [InlineData("arn:aws:kinesis:us-east-1:111111111111:stream/bad name")]
    [InlineData("arn:aws:kinesis:us-east-1:111111111111:table/t")]
    [InlineData("arn:aws:firehose:us-east-1::deliverystream/d")]
    [InlineData("arn:aws:lambda:us-east-1:111111111111:layer:l")]
    [InlineData("arn:aws:logs:us-east-1:111111111111:destination:d")]
    [InlineData("arn:aws:s3:::bucket")]
    public void No_adapter_for_what_is_not_a_Kinesis_Firehose_or_Lambda_target(string arn)
    {
        using var aws = new AwsDestinations(new AwsDestinationOptions { Credentials = new StaticCredentialsProvider("AKID", "secret") });

        Assert.Null(aws.CreateAdapter(arn));
    }

    [Fact]
    public void After_disposal_the_router_gets_no_adapter_instead_of_an_exception()
    {
        var router = new DestinationRouter();
        var aws = new AwsDestinations(new AwsDestinationOptions { Credentials = new StaticCredentialsProvider("AKID", "secret") });
        aws.Register(router);
        aws.Dispose();

        Assert.False(router.TryResolve(KinesisArn, DestinationType.Kinesis, out _));
        Assert.Throws<ObjectDisposedException>(() => aws.CreateAdapter(KinesisArn));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
