using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §1, PutSubscriptionFilter parameter validation (PSF-V01 … PSF-V18), as one table.</summary>
public sealed class PutSubscriptionFilterValidationTests : IAsyncDisposable
{
    private static readonly string s_513 = new('f', 513);
    private static readonly string s_1025 = new('a', 1025);

    /// <summary>id → (change to a valid Lambda request, expected error type, expected message (exact, or "…" + suffix / prefix + "…")).</summary>
    private static readonly Dictionary<string, (Func<PutSubscriptionFilterRequest, PutSubscriptionFilterRequest> Change, Type Error, string? Message)> s_rejections = new()
    {
        ["PSF-V01 filterName a:b"] = (r => r with { FilterName = "a:b" }, typeof(InvalidParameterException),
            "1 validation error detected: Value 'a:b' at 'filterName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"),
        ["PSF-V02 filterName all*"] = (r => r with { FilterName = "all*" }, typeof(InvalidParameterException),
            "1 validation error detected: Value 'all*' at 'filterName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*"),
        ["PSF-V03 filterName 513 chars"] = (r => r with { FilterName = s_513 }, typeof(InvalidParameterException),
            $"1 validation error detected: Value '{s_513}' at 'filterName' failed to satisfy constraint: Member must have length less than or equal to 512"),
        ["PSF-V04 filterName empty"] = (r => r with { FilterName = "" }, typeof(InvalidParameterException),
            "1 validation error detected: Value '' at 'filterName' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        ["PSF-V05 logGroupName with space"] = (r => r with { LogGroupName = "Cloud Trail" }, typeof(InvalidParameterException),
            @"1 validation error detected: Value 'Cloud Trail' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+"),
        ["PSF-V05 logGroupName with colon"] = (r => r with { LogGroupName = "a:b" }, typeof(InvalidParameterException),
            @"1 validation error detected: Value 'a:b' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+"),
        ["PSF-V06 filterPattern 1025 chars"] = (r => r with { FilterPattern = s_1025 }, typeof(InvalidParameterException),
            $"1 validation error detected: Value '{s_1025}' at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024"),
        ["PSF-V09 unclosed brace"] = (r => r with { FilterPattern = "{ $.eventType = \"UpdateTrail\"" }, typeof(InvalidParameterException),
            "If a filter pattern starts with '{' it must end with '}'"),
        ["PSF-V09 forbidden regex character"] = (r => r with { FilterPattern = "%a!b%" }, typeof(InvalidParameterException), null),
        ["PSF-V09 IS NOT"] = (r => r with { FilterPattern = "{ $.a IS NOT NULL }" }, typeof(InvalidParameterException), null),
        ["PSF-V09 dangling operator"] = (r => r with { FilterPattern = "{ $.a = }" }, typeof(InvalidParameterException), null),
        ["PSF-V10 three regexes in a JSON pattern"] = (r => r with { FilterPattern = "{ $.a = %x% || $.b = %y% || $.c = %z% }" }, typeof(InvalidParameterException), null),
        ["PSF-V12 distribution Even"] = (r => r with { Distribution = "Even" }, typeof(InvalidParameterException),
            "1 validation error detected: Value 'Even' at 'distribution' failed to satisfy constraint: Member must satisfy enum value set: [Random, ByLogStream]"),
        ["PSF-V13 fieldSelectionCriteria 2001 chars"] = (r => r with { FieldSelectionCriteria = new string('x', 2001) }, typeof(InvalidParameterException),
            "…at 'fieldSelectionCriteria' failed to satisfy constraint: Member must have length less than or equal to 2000"),
        ["PSF-V14 missing destinationArn"] = (r => r with { DestinationArn = null }, typeof(InvalidParameterException),
            "1 validation error detected: Value null at 'destinationArn' failed to satisfy constraint: Member must not be null"),
        ["PSF-V14 missing filterPattern"] = (r => r with { FilterPattern = null }, typeof(InvalidParameterException),
            "1 validation error detected: Value null at 'filterPattern' failed to satisfy constraint: Member must not be null"),
        ["PSF-V14 missing filterName"] = (r => r with { FilterName = null }, typeof(InvalidParameterException),
            "1 validation error detected: Value null at 'filterName' failed to satisfy constraint: Member must not be null"),
        ["PSF-V14 missing logGroupName"] = (r => r with { LogGroupName = null }, typeof(InvalidParameterException),
            "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null"),
        ["PSF-V14 all four missing"] = (_ => new PutSubscriptionFilterRequest(), typeof(InvalidParameterException), "4 validation errors detected: …"),
        ["PSF-V15 Kinesis without roleArn"] = (r => r with { DestinationArn = World.KinesisArn }, typeof(InvalidParameterException),
            "destinationArn for vendor kinesis cannot be used without roleArn"),
        ["PSF-V15 Firehose without roleArn"] = (r => r with { DestinationArn = World.FirehoseArn }, typeof(InvalidParameterException),
            "destinationArn for vendor firehose cannot be used without roleArn"),
        ["PSF-V17 Lambda of another account"] = (r => r with { DestinationArn = "arn:aws:lambda:us-east-1:222222222222:function:theirs" }, typeof(AccessDeniedException),
            "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers."),
        ["PSF-V18 Lambda of another account, log group missing too"] = (
            r => r with { DestinationArn = "arn:aws:lambda:us-east-1:222222222222:function:theirs", LogGroupName = "does-not-exist" }, typeof(AccessDeniedException),
            "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers."),
        ["missing log group"] = (r => r with { LogGroupName = "does-not-exist" }, typeof(ResourceNotFoundException), "The specified log group does not exist."),
        ["not a destination ARN"] = (r => r with { DestinationArn = "arn:aws:s3:::bucket" }, typeof(InvalidParameterException), null),
        ["roleArn empty"] = (r => r with { RoleArn = "" }, typeof(InvalidParameterException),
            "1 validation error detected: Value '' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        ["emitSystemFields unknown"] = (r => r with { EmitSystemFields = ["@aws.nope"] }, typeof(InvalidParameterException), null),
    };

    private readonly World _world = new();

    public static TheoryData<string> Rejections => [.. s_rejections.Keys];

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejected_with_AWS_code_and_message(string id)
    {
        var (change, error, message) = s_rejections[id];
        var e = Assert.ThrowsAny<CloudWatchLogsException>(() => _world.Sender.PutSubscriptionFilter(change(World.LambdaFilter(pattern: "ERROR"))));
        Assert.IsType(error, e);
        Assert.Equal(error.Name, e.ErrorCode);
        Assert.Equal(400, e.StatusCode);
        if (message is null)
        {
            return;
        }

        if (message.StartsWith('…'))
        {
            Assert.EndsWith(message[1..], e.Message, StringComparison.Ordinal);
        }
        else if (message.EndsWith('…'))
        {
            Assert.StartsWith(message[..^1], e.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(message, e.Message);
        }

        // Nothing was created.
        Assert.Empty(_world.Sender.DescribeSubscriptionFilters(new() { LogGroupName = World.Group }).SubscriptionFilters);
    }

    [Theory]
    [InlineData("{ $.eventType = \"UpdateTrail\"")]
    [InlineData("%abc")]
    [InlineData("\"unterminated")]
    [InlineData("[a, , b]")]
    [InlineData("{ $.a EXISTS }")]
    [InlineData("ERROR @home")]
    public void PSF_V09_invalid_pattern_carries_the_parsers_AWS_message(string pattern)
    {
        Assert.False(FilterPattern.TryParse(pattern, FilterPatternOptions.Default, out _, out var parseError));
        var e = Assert.Throws<InvalidParameterException>(() => _world.Sender.PutSubscriptionFilter(World.LambdaFilter(pattern: pattern)));
        Assert.Equal(parseError.AwsMessage, e.Message);
        Assert.Equal(parseError.Error, Assert.IsType<FilterPatternException>(e.InnerException).Error);
    }

    [Theory]
    [InlineData("PSF-V07", "")]
    [InlineData("PSF-V08", "[]")]
    [InlineData("PSF-V16", "ERROR")]
    public void Accepted_and_echoed_verbatim(string id, string pattern)
    {
        _ = id;
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter(pattern: pattern)); // Lambda, no roleArn (PSF-V16)
        var filter = Assert.Single(_world.Sender.DescribeSubscriptionFilters(new() { LogGroupName = World.Group }).SubscriptionFilters);
        Assert.Equal(pattern, filter.FilterPattern);
        Assert.Null(filter.RoleArn);
    }

    [Fact]
    public async Task PSF_V07_empty_pattern_forwards_every_event()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter(pattern: ""));
        string[] messages = ["a", "{\"json\":true}", "  spaced  out  ", "ünïcödé"];
        await _world.PutAsync(messages);
        var message = Assert.Single(World.DataMessages(_world.Lambda));
        Assert.Equal(messages, message.LogEvents.Select(e => e.Message));
    }

    [Fact]
    public void Multiple_violations_are_reported_together_as_AWS_does()
    {
        var e = Assert.Throws<InvalidParameterException>(() => _world.Sender.PutSubscriptionFilter(
            World.LambdaFilter(pattern: "ERROR") with { FilterName = "a:b", Distribution = "Even" }));
        Assert.StartsWith("2 validation errors detected: Value 'a:b' at 'filterName'", e.Message, StringComparison.Ordinal);
        Assert.Contains("; Value 'Even' at 'distribution'", e.Message, StringComparison.Ordinal);
    }
}
