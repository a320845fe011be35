using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §4, destinations in the recipient account R.</summary>
public sealed class DestinationTests : IAsyncDisposable
{
    private readonly World _world = new();

    private CloudWatchLogsClient Recipient => _world.Recipient;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private PutDestinationResponse Put(string name = World.DestinationName) =>
        Recipient.PutDestination(new() { DestinationName = name, TargetArn = World.RecipientKinesisArn, RoleArn = World.RecipientRoleArn });

    [Fact]
    public void DST_01_put_destination_response()
    {
        var destination = Put().Destination;
        Assert.Equal(World.DestinationName, destination.DestinationName);
        Assert.Equal(World.RecipientKinesisArn, destination.TargetArn);
        Assert.Equal(World.RecipientRoleArn, destination.RoleArn);
        Assert.Equal("arn:aws:logs:us-east-1:999999999999:destination:testDestination", destination.Arn);
        Assert.Equal(World.Start.ToUnixTimeMilliseconds(), destination.CreationTime);
        Assert.Null(destination.AccessPolicy);
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("all*")]
    public void DST_02_name_with_colon_or_star(string name)
    {
        var e = Assert.Throws<InvalidParameterException>(() => Put(name));
        Assert.Equal($"1 validation error detected: Value '{name}' at 'destinationName' failed to satisfy constraint: Member must satisfy regular expression pattern: [^:*]*", e.Message);
    }

    [Fact]
    public void DST_03_roleArn_is_required()
    {
        var e = Assert.Throws<InvalidParameterException>(() =>
            Recipient.PutDestination(new() { DestinationName = "d", TargetArn = World.RecipientKinesisArn }));
        Assert.Equal("1 validation error detected: Value null at 'roleArn' failed to satisfy constraint: Member must not be null", e.Message);
    }

    [Fact]
    public void Target_must_be_a_stream()
    {
        Assert.Throws<InvalidParameterException>(() =>
            Recipient.PutDestination(new() { DestinationName = "d", TargetArn = "arn:aws:lambda:us-east-1:999999999999:function:f", RoleArn = World.RecipientRoleArn }));
    }

    [Fact]
    public async Task DST_04_creation_sends_one_control_message_to_the_target()
    {
        Put();
        await _world.Service.FlushAsync();
        var message = Assert.Single(_world.RecipientKinesis.DecodeAll());
        Assert.Equal(SubscriptionMessage.ControlMessage, message.MessageType);
        Assert.Equal("CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.", message.LogEvents.Single().Message);

        // An update with the same target sends none.
        Put();
        await _world.Service.FlushAsync();
        Assert.Single(_world.RecipientKinesis.Received);
    }

    [Fact]
    public void DST_05_put_again_keeps_the_access_policy()
    {
        Put();
        var policy = World.AccountPolicy(World.A);
        Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = policy });
        _world.Time.Advance(TimeSpan.FromMinutes(5));
        var again = Put().Destination;
        Assert.Equal(policy, again.AccessPolicy);
        Assert.Equal(World.Start.ToUnixTimeMilliseconds(), again.CreationTime);
    }

    [Fact]
    public void DST_06_policy_over_5120_bytes()
    {
        Put();
        var statement = """{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"logs:PutSubscriptionFilter","Resource":"*"}""";
        var policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", Enumerable.Repeat(statement, 60)) + "]}";
        Assert.True(policy.Length > 5120);
        Assert.Throws<InvalidParameterException>(() => Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = policy }));
    }

    [Fact]
    public void DST_07_policy_on_a_missing_destination_is_rejected()
    {
        // Code undocumented (open Q-B3); the rejection itself is certain. The chosen code is asserted in OpenQuestionChoicesTests.
        Assert.ThrowsAny<CloudWatchLogsException>(() =>
            Recipient.PutDestinationPolicy(new() { DestinationName = "missing", AccessPolicy = World.AccountPolicy(World.A) }));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Maybe\",\"Principal\":\"*\",\"Action\":\"*\"}]}")]
    [InlineData("{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Condition\":{\"NumericEquals\":{\"a\":\"1\"}}}]}")]
    [InlineData("{\"Version\":\"2012-10-17\"}")]
    public void Invalid_policy_documents_are_rejected(string policy)
    {
        Put();
        Assert.Throws<InvalidParameterException>(() => Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = policy }));
    }

    [Fact]
    public void DST_08_describe_by_prefix_in_ASCII_order()
    {
        Put("testB");
        Put("other");
        Put("testA");
        Put("Test0");
        var response = Recipient.DescribeDestinations(new() { DestinationNamePrefix = "test" });
        Assert.Equal(["testA", "testB"], response.Destinations.Select(d => d.DestinationName));
        Assert.Equal(["Test0", "other", "testA", "testB"], Recipient.DescribeDestinations(new()).Destinations.Select(d => d.DestinationName));
    }

    [Fact]
    public void DST_08_paging()
    {
        foreach (var name in new[] { "d3", "d1", "d2" })
        {
            Put(name);
        }

        var names = new List<string>();
        string? token = null;
        do
        {
            var page = Recipient.DescribeDestinations(new() { Limit = 2, NextToken = token });
            Assert.InRange(page.Destinations.Count, 1, 2);
            names.AddRange(page.Destinations.Select(d => d.DestinationName));
            token = page.NextToken;
        }
        while (token is not null);
        Assert.Equal(["d1", "d2", "d3"], names);
    }

    [Fact]
    public void DST_09_describe_with_none()
    {
        var response = Recipient.DescribeDestinations(new());
        Assert.Empty(response.Destinations);
        Assert.Null(response.NextToken);
    }

    [Fact]
    public void Destinations_are_per_account()
    {
        Put();
        Assert.Empty(_world.Sender.DescribeDestinations(new()).Destinations);
    }

    [Fact]
    public async Task DST_10_delete_then_filters_pointing_at_it_stop_delivering_and_say_so()
    {
        Put();
        Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = World.AccountPolicy(World.A) });
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("xa") with { DestinationArn = World.DestinationArn });
        await _world.PutAsync("before");
        Recipient.DeleteDestination(new() { DestinationName = World.DestinationName });
        Assert.Empty(Recipient.DescribeDestinations(new()).Destinations);
        await _world.PutAsync("after");

        Assert.Equal(["before"], World.DataMessages(_world.RecipientKinesis).SelectMany(m => m.LogEvents).Select(e => e.Message));
        var dropped = Assert.Single(_world.Dropped);
        Assert.Equal(DropReason.NonRetryableError, dropped.Reason);
        Assert.Equal("ResourceNotFoundException", dropped.ErrorCode);
        Assert.Equal("after", dropped.Message.LogEvents.Single().Message);

        // The filter itself stays.
        Assert.Single(_world.Sender.DescribeSubscriptionFilters(new() { LogGroupName = World.Group }).SubscriptionFilters);
    }

    [Fact]
    public void DST_11_delete_unknown()
    {
        var e = Assert.Throws<ResourceNotFoundException>(() => Recipient.DeleteDestination(new() { DestinationName = "nope" }));
        Assert.Equal("ResourceNotFoundException", e.ErrorCode);
    }

    [Fact]
    public async Task Concurrent_updates_of_one_destination_are_OperationAborted()
    {
        Put();
        var slot = _world.Service.FindRegion(World.R, World.Region)!.Destinations[World.DestinationName];
        await Task.Run(() => slot.UpdateGate.Wait());
        try
        {
            Assert.Throws<OperationAbortedException>(() => Put());
            Assert.Throws<OperationAbortedException>(() =>
                Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = World.AccountPolicy(World.A) }));
            Assert.Throws<OperationAbortedException>(() => Recipient.DeleteDestination(new() { DestinationName = World.DestinationName }));
        }
        finally
        {
            slot.UpdateGate.Release();
        }
    }
}
