using FilterPatterns.Destinations.Aws.Tests.Signing;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Destinations.Aws.Tests;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData("ProvisionedThroughputExceededException", 400, AwsErrorKind.Throttled)]
    [InlineData("ThrottlingException", 400, AwsErrorKind.Throttled)]
    [InlineData("ServiceUnavailableException", 503, AwsErrorKind.Throttled)]
    [InlineData("TooManyRequestsException", 429, AwsErrorKind.Throttled)]
    [InlineData(null, 429, AwsErrorKind.Throttled)]
    [InlineData(null, 503, AwsErrorKind.Throttled)]
    [InlineData(null, 500, AwsErrorKind.Retryable)]
    [InlineData(null, 504, AwsErrorKind.Retryable)]
    [InlineData(null, 408, AwsErrorKind.Retryable)]
    [InlineData(null, null, AwsErrorKind.Retryable)]
    [InlineData("InternalFailure", 500, AwsErrorKind.Retryable)]
    [InlineData("AccessDeniedException", 400, AwsErrorKind.NonRetryable)]
    [InlineData("ResourceNotFoundException", 400, AwsErrorKind.NonRetryable)]
    [InlineData("InvalidArgumentException", 400, AwsErrorKind.NonRetryable)]
    [InlineData("UnrecognizedClientException", 400, AwsErrorKind.NonRetryable)]
    [InlineData("InvalidSignatureException", 403, AwsErrorKind.NonRetryable)]
    [InlineData(null, 413, AwsErrorKind.NonRetryable)]
    public void Codes_and_statuses(string? code, int? status, AwsErrorKind expected) =>
        Assert.Equal(expected, AwsErrorClassifier.Classify(code, status));

    [Theory]
    [InlineData("com.amazonaws.kinesis.v20131202#ResourceNotFoundException", "ResourceNotFoundException")]
    [InlineData("AccessDeniedException:http://internal.amazon.com/coral/com.amazon.coral.service/", "AccessDeniedException")]
    [InlineData(" ThrottlingException ", "ThrottlingException")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Code_normalization(string? raw, string? expected) => Assert.Equal(expected, AwsErrorClassifier.NormalizeCode(raw));

    [Fact]
    public void Without_a_known_code_server_errors_retry_and_client_errors_do_not()
    {
        var property = Prop.ForAll(Gen.Choose(400, 599).ToArbitrary(), status =>
        {
            var kind = AwsErrorClassifier.Classify("SomeUnknownException", status);
            var expected = status switch
            {
                429 or 503 => AwsErrorKind.Throttled,
                408 or >= 500 => AwsErrorKind.Retryable,
                _ => AwsErrorKind.NonRetryable,
            };
            Assert.Equal(expected, kind);
        });
        Check.One(SigV4PropertyTests.Repeatable, property);
    }

    [Fact]
    public void A_throttling_code_is_throttling_whatever_the_status_and_namespace()
    {
        var codes = new[] { "ProvisionedThroughputExceededException", "ThrottlingException", "ServiceUnavailableException", "TooManyRequestsException", "KMSThrottlingException" };
        var gen = Gen.Zip(Gen.Elements(codes), Gen.Zip(Gen.Choose(400, 599), Gen.Elements("", "com.amazonaws.x.v1#", "aws.protocoltests#")));
        var property = Prop.ForAll(gen.ToArbitrary(), t =>
            Assert.Equal(AwsErrorKind.Throttled, AwsErrorClassifier.Classify(AwsErrorClassifier.NormalizeCode(t.Item2.Item2 + t.Item1 + ":urn"), t.Item2.Item1)));
        Check.One(SigV4PropertyTests.Repeatable, property);
    }

    [Fact]
    public void Transport_exceptions_are_retryable()
    {
        var refused = new HttpRequestException("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
        Assert.Equal(("ConnectionRefused", AwsErrorKind.Retryable), (AwsErrorClassifier.FromException(refused).Code, AwsErrorClassifier.FromException(refused).Kind));
        Assert.Equal("ConnectionReset", AwsErrorClassifier.FromException(new IOException("x", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset))).Code);
        Assert.Equal("Timeout", AwsErrorClassifier.FromException(new TaskCanceledException()).Code);
        Assert.Equal("ConnectionFailure", AwsErrorClassifier.FromException(new HttpRequestException("x")).Code);
        Assert.True(AwsErrorClassifier.FromException(new HttpRequestException("x")).IsRetryable);
    }
}
