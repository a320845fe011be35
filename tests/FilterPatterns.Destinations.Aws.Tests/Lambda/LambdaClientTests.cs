using System.Text;
using System.Text.RegularExpressions;
using FilterPatterns.Destinations.Aws.Lambda;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Lambda;

public sealed partial class LambdaClientTests
{
    private static readonly byte[] s_event = Encoding.UTF8.GetBytes("""{"awslogs":{"data":"H4sIAAAAAAAAA6tWKkktLlGyUlAqzy/KSVGqBQBHcEoBEQAAAA=="}}""");

    /// <summary>Checks an Invoke request against the documented shape and returns the decoded function name and qualifier.</summary>
    private static (string Function, string? Qualifier) ParseInvoke(ReceivedRequest request)
    {
        Assert.Equal("POST", request.Method);
        var match = InvokePath().Match(request.Target);
        Assert.True(match.Success, request.Target);
        Assert.Equal("Event", request.Header("X-Amz-Invocation-Type"));
        Assert.Contains("x-amz-invocation-type", request.Header("Authorization"), StringComparison.Ordinal);
        return (Uri.UnescapeDataString(match.Groups["fn"].Value), match.Groups["q"].Success ? Uri.UnescapeDataString(match.Groups["q"].Value) : null);
    }

    [Fact]
    public async Task Event_invoke_posts_the_payload_signed_for_lambda_and_accepts_202()
    {
        await using var server = FakeAws.Start("lambda", request =>
        {
            Assert.Equal(("log-processor", null), ParseInvoke(request));
            Assert.Equal(s_event, request.Body);
            return new FakeResponse(202);
        });
        using var client = new LambdaClient(FakeAws.Options(server));

        var result = (await client.InvokeEventAsync("log-processor", s_event)).GetValueOrThrow();

        Assert.Equal(202, result.StatusCode);
        Assert.NotNull(result.RequestId);
        Assert.Null(Assert.Single(server.Requests).SignatureError);
    }

    [Fact]
    public async Task A_function_arn_and_qualifier_are_escaped_in_the_path_and_still_verify()
    {
        const string arn = "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:log-processor:live";
        await using var server = FakeAws.Start("lambda", request =>
        {
            Assert.Contains("arn%3Aaws-us-gov%3Alambda", request.Target, StringComparison.Ordinal);
            Assert.Equal((arn, "$LATEST"), ParseInvoke(request));
            return new FakeResponse(202);
        });
        using var client = new LambdaClient(FakeAws.Options(server));

        var result = await client.InvokeEventAsync(arn, s_event, qualifier: "$LATEST");

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Null(Assert.Single(server.Requests).SignatureError);
    }

    [Theory]
    [InlineData(429, "TooManyRequestsException", AwsErrorKind.Throttled)]
    [InlineData(502, "EC2ThrottledException", AwsErrorKind.Throttled)]
    [InlineData(404, "ResourceNotFoundException", AwsErrorKind.NonRetryable)]
    [InlineData(403, "AccessDeniedException", AwsErrorKind.NonRetryable)]
    [InlineData(400, "InvalidParameterValueException", AwsErrorKind.NonRetryable)]
    [InlineData(413, "RequestTooLargeException", AwsErrorKind.NonRetryable)]
    [InlineData(409, "ResourceConflictException", AwsErrorKind.Retryable)]
    [InlineData(500, "ServiceException", AwsErrorKind.Retryable)]
    [InlineData(502, "ENILimitReachedException", AwsErrorKind.Retryable)]
    public async Task Rest_json_errors_are_read_from_the_error_type_header(int status, string type, AwsErrorKind kind)
    {
        await using var server = FakeAws.Start("lambda", _ => FakeResponse.RestJsonError(status, type, "lambda says " + type));
        using var client = new LambdaClient(FakeAws.Options(server));

        var result = await client.InvokeEventAsync("f", s_event);

        Assert.Equal(type, result.Error?.Code);
        Assert.Equal("lambda says " + type, result.Error?.Message);
        Assert.Equal(kind, result.Error?.Kind);
        Assert.Equal(status, result.Error?.StatusCode);
    }

    [Fact]
    public async Task A_success_other_than_202_is_not_an_accepted_event()
    {
        await using var server = FakeAws.Start("lambda", _ => new FakeResponse(200, "{}"));
        using var client = new LambdaClient(FakeAws.Options(server));

        var result = await client.InvokeEventAsync("f", s_event);

        Assert.Equal("UnexpectedStatus", result.Error?.Code);
        Assert.Equal(AwsErrorKind.NonRetryable, result.Error?.Kind);
    }

    [Fact]
    public async Task Payloads_over_the_async_limit_are_refused_before_sending()
    {
        await using var server = FakeAws.Start("lambda", _ => new FakeResponse(202));
        using var client = new LambdaClient(FakeAws.Options(server));
        using var strict = new LambdaClient(FakeAws.Options(server)) { MaxPayloadBytes = AwsLimits.LambdaLegacyMaxAsyncPayloadBytes };

        await Assert.ThrowsAsync<ArgumentException>(() => client.InvokeEventAsync("f", new byte[AwsLimits.LambdaMaxAsyncPayloadBytes + 1]));
        await Assert.ThrowsAsync<ArgumentException>(() => strict.InvokeEventAsync("f", new byte[(256 * 1024) + 1]));
        Assert.True((await strict.InvokeEventAsync("f", new byte[256 * 1024])).IsSuccess);
        await Assert.ThrowsAsync<AwsArnFormatException>(() => client.InvokeEventAsync("arn:aws:lambda:us-east-1:123456789012:layer:x", s_event));
        Assert.Single(server.Requests);
    }

    [GeneratedRegex(@"^/2015-03-31/functions/(?<fn>[^/?]+)/invocations(\?Qualifier=(?<q>[^&]+))?$")]
    private static partial Regex InvokePath();
}
