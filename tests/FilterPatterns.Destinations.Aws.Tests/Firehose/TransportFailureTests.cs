using System.Diagnostics;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Firehose;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Firehose;

/// <summary>Failures below HTTP: timeouts, resets, refused connections, cancellation.</summary>
public sealed class TransportFailureTests
{
    [Fact]
    public async Task A_response_slower_than_the_timeout_is_a_retryable_Timeout()
    {
        await using var server = FakeAws.Start("firehose", _ => new FakeResponse(200, "{}") { Delay = TimeSpan.FromSeconds(5) });
        using var client = new FirehoseClient(FakeAws.Options(server, timeout: TimeSpan.FromMilliseconds(300)));

        var watch = Stopwatch.StartNew();
        var result = await client.PutRecordBatchAsync("d", [new byte[] { 1 }]);

        Assert.Equal("Timeout", result.Error?.Code);
        Assert.Equal(AwsErrorKind.Retryable, result.Error?.Kind);
        Assert.Null(result.Error?.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task Cancellation_by_the_caller_throws_instead_of_returning_an_error()
    {
        await using var server = FakeAws.Start("firehose", _ => new FakeResponse(200, "{}") { Delay = TimeSpan.FromSeconds(5) });
        using var client = new FirehoseClient(FakeAws.Options(server));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PutRecordBatchAsync("d", [new byte[] { 1 }], cts.Token));
    }

    [Fact]
    public async Task A_reset_connection_is_retryable()
    {
        await using var server = FakeAws.Start("firehose", _ => new FakeResponse(200) { Abort = true });
        using var client = new FirehoseClient(FakeAws.Options(server));

        var result = await client.PutRecordBatchAsync("d", [new byte[] { 1 }]);

        Assert.Equal(AwsErrorKind.Retryable, result.Error?.Kind);
        Assert.Contains(result.Error?.Code, new[] { "ConnectionReset", "ConnectionFailure" });
        Assert.NotNull(result.Error?.Exception);
    }

    [Fact]
    public async Task A_refused_connection_is_retryable()
    {
        using var client = new KinesisClient(new AwsClientOptions
        {
            Endpoint = FakeAws.ClosedEndpoint(),
            Region = "us-east-1",
            Credentials = new StaticCredentialsProvider("AKID", "secret"),
        });

        var result = await client.DescribeStreamSummaryAsync("s");

        Assert.Equal("ConnectionRefused", result.Error?.Code);
        Assert.Equal(AwsErrorKind.Retryable, result.Error?.Kind);
    }

    [Fact]
    public async Task Failing_credentials_become_a_retryable_error_result()
    {
        using var client = new KinesisClient(new AwsClientOptions
        {
            Endpoint = FakeAws.ClosedEndpoint(),
            Region = "us-east-1",
            Credentials = new ThrowingCredentials(),
        });

        var result = await client.DescribeStreamSummaryAsync("s");

        Assert.Equal("CredentialsUnavailable", result.Error?.Code);
        Assert.Equal(AwsErrorKind.Retryable, result.Error?.Kind);
    }

    private sealed class ThrowingCredentials : IAwsCredentialsProvider
    {
        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
            throw new AwsCredentialsException("no credentials here");
    }
}
