using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>
/// Where AWS leaves behaviour undocumented (spec B.9), the choices this library made, pinned so that changing one is a
/// visible decision. The scenario tests assert only what AWS documents; these assert the chosen codes and forms.
/// </summary>
public sealed class OpenQuestionChoicesTests : IAsyncDisposable
{
    private readonly World _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static PutSubscriptionFilterRequest ToDestination(string arn = World.DestinationArn) =>
        new() { LogGroupName = World.Group, FilterName = "xa", FilterPattern = "", DestinationArn = arn };

    [Fact]
    public void Q_B2_sender_not_allowed_is_AccessDenied()
    {
        _world.CreateDestination();
        var e = Assert.Throws<AccessDeniedException>(() => _world.Sender.PutSubscriptionFilter(ToDestination()));
        Assert.Equal($"User with accountId: {World.A} is not authorized to perform: logs:PutSubscriptionFilter on resource: {World.DestinationArn}", e.Message);
    }

    [Fact]
    public void Q_B2_destination_in_another_region_is_InvalidParameter()
    {
        Assert.Throws<InvalidParameterException>(() => _world.Sender.PutSubscriptionFilter(ToDestination("arn:aws:logs:us-west-2:999999999999:destination:d")));
    }

    [Fact]
    public void Q_B2_missing_destination_is_ResourceNotFound()
    {
        Assert.Throws<ResourceNotFoundException>(() => _world.Sender.PutSubscriptionFilter(ToDestination()));
    }

    [Fact]
    public void Q_B3_policy_on_missing_destination_is_ResourceNotFound()
    {
        var e = Assert.Throws<ResourceNotFoundException>(() =>
            _world.Recipient.PutDestinationPolicy(new() { DestinationName = "missing", AccessPolicy = World.AccountPolicy(World.A) }));
        Assert.Equal("The specified destination does not exist.", e.Message);
    }

    [Fact]
    public void XA_06_choice_forceUpdate_missing_is_InvalidParameter()
    {
        _world.CreateDestination(World.AccountPolicy(World.A));
        Assert.Throws<InvalidParameterException>(() =>
            _world.Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = World.OrganizationPolicy("o-1") }));
    }

    [Fact]
    public async Task Q_B1_no_extractedFields_in_forwarded_events()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1", "[ip, user, status = 404]"));
        await _world.PutAsync("127.0.0.1 frank 404");
        var json = System.Text.Encoding.UTF8.GetString(SubscriptionPayload.Gunzip(
            Convert.FromBase64String(System.Text.Json.JsonDocument.Parse(_world.Lambda.Received.Single().Payload).RootElement.GetProperty("awslogs").GetProperty("data").GetString()!)));
        Assert.DoesNotContain("extractedFields", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Q_B6_no_control_message_to_Lambda_and_one_per_new_Kinesis_or_Firehose_subscription()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("l"));
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("k"));
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("k", "changed pattern"));
        await _world.Service.FlushAsync();
        Assert.Empty(_world.Lambda.Received);
        Assert.Single(_world.Kinesis.Received);
    }

    [Fact]
    public void No_adapter_for_the_target_is_InvalidParameter_with_AWS_test_message_wording()
    {
        var e = Assert.Throws<InvalidParameterException>(() =>
            _world.Sender.PutSubscriptionFilter(World.LambdaFilter() with { DestinationArn = "arn:aws:lambda:us-east-1:111111111111:function:unregistered" }));
        Assert.Equal("Could not deliver test message to specified destination. Check if the destination is valid.", e.Message);
    }
}
