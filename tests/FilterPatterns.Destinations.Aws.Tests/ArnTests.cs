namespace FilterPatterns.Destinations.Aws.Tests;

public sealed class ArnTests
{
    [Theory]
    [InlineData("arn:aws:kinesis:us-east-1:123456789012:stream/logs", "aws", "us-east-1", "logs")]
    [InlineData("arn:aws-cn:kinesis:cn-north-1:123456789012:stream/a.b_c-d", "aws-cn", "cn-north-1", "a.b_c-d")]
    [InlineData("arn:aws-us-gov:kinesis:us-gov-west-1:123456789012:stream/x", "aws-us-gov", "us-gov-west-1", "x")]
    public void Kinesis_stream_arns(string text, string partition, string region, string name)
    {
        var arn = KinesisStreamArn.Parse(text);
        Assert.Equal((partition, region, "123456789012", name), (arn.Arn.Partition, arn.Arn.Region, arn.Arn.AccountId, arn.StreamName));
        Assert.Equal(text, arn.ToString());
    }

    [Fact]
    public void Firehose_lambda_and_logs_destination_arns()
    {
        Assert.Equal("to-s3", FirehoseDeliveryStreamArn.Parse("arn:aws:firehose:eu-west-1:123456789012:deliverystream/to-s3").DeliveryStreamName);

        var unqualified = LambdaFunctionArn.Parse("arn:aws:lambda:us-west-2:123456789012:function:my-function");
        Assert.Equal(("my-function", null), (unqualified.FunctionName, unqualified.Qualifier));
        var alias = LambdaFunctionArn.Parse("arn:aws-cn:lambda:cn-north-1:123456789012:function:my_fn:prod");
        Assert.Equal(("my_fn", "prod"), (alias.FunctionName, alias.Qualifier));
        Assert.Equal("$LATEST", LambdaFunctionArn.Parse("arn:aws:lambda:us-west-2:123456789012:function:f:$LATEST").Qualifier);

        var destination = LogsDestinationArn.Parse("arn:aws-us-gov:logs:us-gov-east-1:123456789012:destination:central.logs/team-a");
        Assert.Equal("central.logs/team-a", destination.DestinationName);
        Assert.Equal("logs", destination.Arn.Service);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("kinesis:us-east-1:123456789012:stream/x", "not an ARN")]
    [InlineData("arn:aws:kinesis:us-east-1:123456789012", "not an ARN")]
    [InlineData("arn:gcp:kinesis:us-east-1:123456789012:stream/x", "invalid partition")]
    [InlineData("arn:aws:kinesis:useast1:123456789012:stream/x", "invalid region")]
    [InlineData("arn:aws:kinesis:us-east-1:12345:stream/x", "invalid account id")]
    [InlineData("arn:aws:kinesis:us-east-1:123456789012:", "no resource")]
    [InlineData("arn:aws:firehose:us-east-1:123456789012:deliverystream/x", "is a firehose ARN, not a kinesis ARN")]
    [InlineData("arn:aws:kinesis:us-east-1:123456789012:table/x", "expected the resource stream/<name>")]
    [InlineData("arn:aws:kinesis:us-east-1:123456789012:stream/bad name", "expected the resource stream/<name>")]
    [InlineData("arn:aws:kinesis::123456789012:stream/x", "must name a region")]
    public void Malformed_kinesis_arns_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<AwsArnFormatException>(() => KinesisStreamArn.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f:1:2")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:f:bad qualifier")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:layer:f")]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Malformed_lambda_arns_are_refused(string text) =>
        Assert.Throws<AwsArnFormatException>(() => LambdaFunctionArn.Parse(text));

    [Theory]
    [InlineData("arn:aws:logs:us-east-1:123456789012:destination:")]
    [InlineData("arn:aws:logs:us-east-1:123456789012:destination:a:b")]
    [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:x")]
    [InlineData("arn:aws:firehose:us-east-1:123456789012:deliverystream/")]
    public void Malformed_destination_and_firehose_arns_are_refused(string text) =>
        Assert.Throws<AwsArnFormatException>(() =>
        {
            if (text.Contains(":logs:", StringComparison.Ordinal))
            {
                LogsDestinationArn.Parse(text);
            }
            else
            {
                FirehoseDeliveryStreamArn.Parse(text);
            }
        });

    [Fact]
    public void TryParse_reports_instead_of_throwing()
    {
        Assert.False(AwsArn.TryParse("nope", out var none, out var error));
        Assert.Null(none);
        Assert.Contains("not an ARN", error, StringComparison.Ordinal);
        Assert.True(AwsArn.TryParse("arn:aws:iam::123456789012:role/a:b", out var iam, out _));
        Assert.Equal(("iam", "", "role/a:b"), (iam.Service, iam.Region, iam.Resource));
    }

    [Theory]
    [InlineData("kinesis", "us-east-1", "https://kinesis.us-east-1.amazonaws.com/")]
    [InlineData("firehose", "cn-northwest-1", "https://firehose.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("lambda", "us-gov-west-1", "https://lambda.us-gov-west-1.amazonaws.com/")]
    public void Default_endpoints_follow_the_partition(string prefix, string region, string expected) =>
        Assert.Equal(expected, AwsEndpoints.ForService(prefix, region).ToString());
}
