using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §5, cross-account subscription from sender A to R's destination.</summary>
public sealed class CrossAccountTests : IAsyncDisposable
{
    private readonly World _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static PutSubscriptionFilterRequest ToDestination(string name = "RecipientStream", string? roleArn = null) => new()
    {
        LogGroupName = World.Group,
        FilterName = name,
        FilterPattern = "",
        DestinationArn = World.DestinationArn,
        RoleArn = roleArn,
    };

    /// <summary>Account <paramref name="account"/> with the log group and stream of the spec.</summary>
    private CloudWatchLogsClient SenderAccount(string account)
    {
        var client = _world.Service.ForAccount(account, World.Region);
        client.CreateLogGroup(new() { LogGroupName = World.Group });
        client.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = World.Stream });
        return client;
    }

    [Fact]
    public void XA_01_no_access_policy_means_no_other_account()
    {
        _world.CreateDestination();
        Assert.ThrowsAny<CloudWatchLogsException>(() => _world.Sender.PutSubscriptionFilter(ToDestination()));
        Assert.Empty(_world.Sender.DescribeSubscriptionFilters(new() { LogGroupName = World.Group }).SubscriptionFilters);
    }

    [Fact]
    public void Owner_needs_no_policy()
    {
        _world.CreateDestination();
        var recipient = SenderAccount(World.R);
        recipient.PutSubscriptionFilter(ToDestination());
    }

    [Fact]
    public void XA_02_account_policy_allows_without_roleArn()
    {
        _world.CreateDestination(World.AccountPolicy(World.A));
        _world.Sender.PutSubscriptionFilter(ToDestination());
        var filter = Assert.Single(_world.Sender.DescribeSubscriptionFilters(new() { LogGroupName = World.Group }).SubscriptionFilters);
        Assert.Equal(World.DestinationArn, filter.DestinationArn);
        Assert.Null(filter.RoleArn);
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:root")]
    [InlineData("*")]
    public void XA_02_principal_as_root_ARN_or_star(string principal)
    {
        _world.CreateDestination("{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"" + principal + "\"]},\"Action\":\"logs:PutSubscriptionFilter\",\"Resource\":\"" + World.DestinationArn + "\"}}");
        _world.Sender.PutSubscriptionFilter(ToDestination());
    }

    [Fact]
    public void XA_03_an_account_the_policy_does_not_name_is_rejected()
    {
        _world.CreateDestination(World.AccountPolicy(World.A));
        var other = SenderAccount(World.Other);
        Assert.ThrowsAny<CloudWatchLogsException>(() => other.PutSubscriptionFilter(ToDestination()));
    }

    [Fact]
    public void XA_04_organization_policy_allows_a_member_with_its_role()
    {
        _world.CreateDestination(World.OrganizationPolicy("o-1234567890"));
        _world.Service.SetOrganization(World.A, "o-1234567890");
        _world.Sender.PutSubscriptionFilter(ToDestination(roleArn: "arn:aws:iam::111111111111:role/CWLtoSubscriptionFilterRole"));
    }

    [Fact]
    public void XA_05_organization_policy_rejects_a_non_member()
    {
        _world.CreateDestination(World.OrganizationPolicy("o-1234567890"));
        _world.Service.SetOrganization(World.A, "o-other");
        Assert.ThrowsAny<CloudWatchLogsException>(() => _world.Sender.PutSubscriptionFilter(ToDestination(roleArn: World.RoleArn)));
        _world.Service.SetOrganization(World.A, null);
        Assert.ThrowsAny<CloudWatchLogsException>(() => _world.Sender.PutSubscriptionFilter(ToDestination(roleArn: World.RoleArn)));
    }

    [Fact]
    public void XA_06_replacing_account_grants_by_an_organization_grant_needs_forceUpdate()
    {
        _world.CreateDestination(World.AccountPolicy(World.A));
        var request = new PutDestinationPolicyRequest { DestinationName = World.DestinationName, AccessPolicy = World.OrganizationPolicy("o-1234567890") };
        Assert.ThrowsAny<CloudWatchLogsException>(() => _world.Recipient.PutDestinationPolicy(request));
        Assert.Contains("111111111111", _world.Recipient.DescribeDestinations(new()).Destinations.Single().AccessPolicy, StringComparison.Ordinal);
        _world.Recipient.PutDestinationPolicy(request with { ForceUpdate = true });
        Assert.Contains("o-1234567890", _world.Recipient.DescribeDestinations(new()).Destinations.Single().AccessPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task XA_07_replacing_the_policy_stops_the_removed_account_and_starts_the_new_one()
    {
        _world.CreateDestination(World.AccountPolicy(World.A));
        _world.Sender.PutSubscriptionFilter(ToDestination());
        await _world.PutAsync("A before");

        _world.Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = World.AccountPolicy(World.Other) });
        await _world.PutAsync("A after");
        var other = SenderAccount(World.Other);
        other.PutSubscriptionFilter(ToDestination());
        await _world.PutAsync(other, World.Group, World.Stream, "222 after");
        await _world.Service.FlushAsync();

        var delivered = World.DataMessages(_world.RecipientKinesis);
        Assert.Equal(["A before", "222 after"], delivered.SelectMany(m => m.LogEvents).Select(e => e.Message));
        Assert.Equal([World.A, World.Other], delivered.Select(m => m.Owner));
        var dropped = Assert.Single(_world.Dropped);
        Assert.Equal("AccessDeniedException", dropped.ErrorCode);
        Assert.Equal("A after", dropped.Message.LogEvents.Single().Message);
    }

    [Fact]
    public void XA_08_destination_in_another_region_is_rejected()
    {
        var west = _world.Service.ForAccount(World.R, "us-west-2");
        west.PutDestination(new() { DestinationName = World.DestinationName, TargetArn = World.RecipientKinesisArn, RoleArn = World.RecipientRoleArn });
        west.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = World.AccountPolicy(World.A).Replace("us-east-1", "us-west-2", StringComparison.Ordinal) });
        Assert.ThrowsAny<CloudWatchLogsException>(() => _world.Sender.PutSubscriptionFilter(ToDestination() with
        {
            DestinationArn = "arn:aws:logs:us-west-2:999999999999:destination:testDestination",
        }));
    }

    [Fact]
    public async Task XA_09_destination_may_target_a_stream_in_another_region()
    {
        const string westStream = "arn:aws:kinesis:us-west-2:999999999999:stream/RecipientStream";
        var west = _world.Register(westStream);
        _world.Recipient.PutDestination(new() { DestinationName = World.DestinationName, TargetArn = westStream, RoleArn = World.RecipientRoleArn });
        _world.Recipient.PutDestinationPolicy(new() { DestinationName = World.DestinationName, AccessPolicy = World.AccountPolicy(World.A) });
        _world.Sender.PutSubscriptionFilter(ToDestination());
        await _world.PutAsync("crosses regions");
        Assert.Equal("crosses regions", World.DataMessages(west).Single().LogEvents.Single().Message);
    }

    [Fact]
    public async Task XA_11_payload_owner_is_the_sender_and_names_the_senders_filter()
    {
        _world.CreateDestination(World.AccountPolicy(World.A));
        _world.Sender.PutSubscriptionFilter(ToDestination("RecipientStream"));
        await _world.PutAsync("{\"eventVersion\":\"1.03\"}");
        var message = Assert.Single(World.DataMessages(_world.RecipientKinesis));
        Assert.Equal(World.A, message.Owner);
        Assert.Equal(World.Group, message.LogGroup);
        Assert.Equal(World.Stream, message.LogStream);
        Assert.Equal(["RecipientStream"], message.SubscriptionFilters);
    }

    [Fact]
    public void XA_12_logs_star_with_organization_condition_is_accepted()
    {
        _world.CreateDestination(World.OrganizationPolicy("o-1234567890", action: "logs:*"));
        _world.Service.SetOrganization(World.A, "o-1234567890");
        _world.Sender.PutSubscriptionFilter(ToDestination(roleArn: World.RoleArn));
    }

    [Fact]
    public void Missing_logical_destination_is_ResourceNotFound()
    {
        var e = Assert.Throws<ResourceNotFoundException>(() => _world.Sender.PutSubscriptionFilter(ToDestination()));
        Assert.Equal("The specified destination does not exist.", e.Message);
    }

    [Fact]
    public void Cross_account_Kinesis_stream_needs_a_destination()
    {
        Assert.Throws<AccessDeniedException>(() => _world.Sender.PutSubscriptionFilter(World.KinesisFilter() with { DestinationArn = World.RecipientKinesisArn }));
    }
}
