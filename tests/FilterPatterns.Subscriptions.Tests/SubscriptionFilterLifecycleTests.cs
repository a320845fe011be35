using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §2 (quota and update semantics) and §3 (describe / delete).</summary>
public sealed class SubscriptionFilterLifecycleTests : IAsyncDisposable
{
    private readonly World _world = new();

    private CloudWatchLogsClient Logs => _world.Sender;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private IReadOnlyList<SubscriptionFilter> Describe(string? prefix = null) =>
        Logs.DescribeSubscriptionFilters(new() { LogGroupName = World.Group, FilterNamePrefix = prefix }).SubscriptionFilters;

    [Fact]
    public void PSF_Q01_two_filters_on_one_group()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Logs.PutSubscriptionFilter(World.LambdaFilter("f2"));
        Assert.Equal(["f1", "f2"], Describe().Select(f => f.FilterName));
    }

    [Fact]
    public void PSF_Q02_third_filter_is_LimitExceeded()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Logs.PutSubscriptionFilter(World.LambdaFilter("f2"));
        var e = Assert.Throws<LimitExceededException>(() => Logs.PutSubscriptionFilter(World.LambdaFilter("f3")));
        Assert.Equal("Resource limit exceeded.", e.Message);
        Assert.Equal("LimitExceededException", e.ErrorCode);
        Assert.Equal(2, Describe().Count);
    }

    [Fact]
    public void PSF_Q03_same_name_updates_pattern_and_keeps_count_and_creation_time()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Logs.PutSubscriptionFilter(World.LambdaFilter("f2", "ERROR"));
        var created = Describe().Single(f => f.FilterName == "f2").CreationTime;
        _world.Time.Advance(TimeSpan.FromMinutes(1));
        Logs.PutSubscriptionFilter(World.LambdaFilter("f2", "{ $.level = \"WARN\" }"));
        var filters = Describe();
        Assert.Equal(2, filters.Count);
        var f2 = filters.Single(f => f.FilterName == "f2");
        Assert.Equal("{ $.level = \"WARN\" }", f2.FilterPattern);
        Assert.Equal(created, f2.CreationTime);
    }

    [Fact]
    public async Task PSF_Q03_update_takes_effect_for_the_next_batch()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1", "ERROR"));
        await _world.PutAsync("ERROR one", "WARN two");
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1", "WARN"));
        await _world.PutAsync("ERROR three", "WARN four");
        Assert.Equal(["ERROR one", "WARN four"], World.DataMessages(_world.Lambda).SelectMany(m => m.LogEvents).Select(e => e.Message));
    }

    [Fact]
    public async Task PSF_Q04_update_changes_destination_from_Lambda_to_Kinesis()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Logs.PutSubscriptionFilter(World.KinesisFilter("f1"));
        var filter = Assert.Single(Describe());
        Assert.Equal(World.KinesisArn, filter.DestinationArn);
        Assert.Equal(World.RoleArn, filter.RoleArn);
        await _world.PutAsync("hello");
        Assert.Empty(_world.Lambda.Received);
        Assert.Equal("hello", Assert.Single(World.DataMessages(_world.Kinesis)).LogEvents.Single().Message);
    }

    [Fact]
    public void PSF_Q07_delete_frees_the_quota()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Logs.PutSubscriptionFilter(World.LambdaFilter("f2"));
        Logs.DeleteSubscriptionFilter(new() { LogGroupName = World.Group, FilterName = "f1" });
        Logs.PutSubscriptionFilter(World.LambdaFilter("f3"));
        Assert.Equal(["f2", "f3"], Describe().Select(f => f.FilterName));
    }

    [Fact]
    public async Task PSF_Q08_concurrent_update_of_the_same_group_is_OperationAborted()
    {
        var group = _world.Service.FindRegion(World.A, World.Region)!.LogGroups[World.Group];

        // Another request holds the group's update (from another thread: the gate is not re-entrant anyway).
        await Task.Run(() => group.UpdateGate.Wait());
        try
        {
            var e = Assert.Throws<OperationAbortedException>(() => Logs.PutSubscriptionFilter(World.LambdaFilter("f1")));
            Assert.Equal("OperationAbortedException", e.ErrorCode);
            Assert.Throws<OperationAbortedException>(() => Logs.DeleteSubscriptionFilter(new() { LogGroupName = World.Group, FilterName = "f1" }));
        }
        finally
        {
            group.UpdateGate.Release();
        }

        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Assert.Single(Describe());
    }

    [Fact]
    public async Task PSF_Q08_racing_puts_either_succeed_or_abort_and_never_tear_the_filter_list()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            try
            {
                Logs.PutSubscriptionFilter(World.LambdaFilter($"f{i % 2}", $"term{i}"));
                return "ok";
            }
            catch (OperationAbortedException)
            {
                return "aborted";
            }
        })));
        Assert.Contains("ok", outcomes);
        var filters = Describe();
        Assert.Equal(["f0", "f1"], filters.Select(f => f.FilterName).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(filters.Count, filters.Select(f => f.FilterName).Distinct().Count());
    }

    [Fact]
    public void DSF_01_no_filters_describes_as_empty_list()
    {
        var response = Logs.DescribeSubscriptionFilters(new() { LogGroupName = World.Group });
        Assert.Empty(response.SubscriptionFilters);
        Assert.Null(response.NextToken);
    }

    [Theory]
    [InlineData("describe")]
    [InlineData("delete")]
    public void DSF_02_DEL_02_missing_log_group(string operation)
    {
        var e = Assert.Throws<ResourceNotFoundException>(() =>
        {
            if (operation == "describe")
            {
                Logs.DescribeSubscriptionFilters(new() { LogGroupName = "missing" });
            }
            else
            {
                Logs.DeleteSubscriptionFilter(new() { LogGroupName = "missing", FilterName = "f1" });
            }
        });
        Assert.Equal("The specified log group does not exist.", e.Message);
    }

    [Fact]
    public void DSF_03_DSF_04_ASCII_order_and_prefix()
    {
        // Three names need two groups (quota 2); ASCII order puts upper case first.
        Logs.CreateLogGroup(new() { LogGroupName = "other" });
        Logs.PutSubscriptionFilter(World.LambdaFilter("b-filter") with { LogGroupName = "other" });
        Logs.PutSubscriptionFilter(World.LambdaFilter("a-filter") with { LogGroupName = "other" });
        Assert.Equal(["a-filter", "b-filter"], Logs.DescribeSubscriptionFilters(new() { LogGroupName = "other" }).SubscriptionFilters.Select(f => f.FilterName));
        Logs.PutSubscriptionFilter(World.LambdaFilter("a-filter"));
        Logs.PutSubscriptionFilter(World.LambdaFilter("A-filter"));
        Assert.Equal(["A-filter", "a-filter"], Describe().Select(f => f.FilterName));
        Assert.Equal(["a-filter"], Describe(prefix: "a").Select(f => f.FilterName));
        Assert.Empty(Describe(prefix: "b"));
    }

    [Fact]
    public void Paging_walks_the_ASCII_order_one_page_at_a_time()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("b"));
        Logs.PutSubscriptionFilter(World.LambdaFilter("A"));
        var first = Logs.DescribeSubscriptionFilters(new() { LogGroupName = World.Group, Limit = 1 });
        Assert.Equal("A", Assert.Single(first.SubscriptionFilters).FilterName);
        Assert.NotNull(first.NextToken);
        var second = Logs.DescribeSubscriptionFilters(new() { LogGroupName = World.Group, Limit = 1, NextToken = first.NextToken });
        Assert.Equal("b", Assert.Single(second.SubscriptionFilters).FilterName);
        Assert.Null(second.NextToken);
        Assert.Throws<InvalidParameterException>(() => Logs.DescribeSubscriptionFilters(new() { LogGroupName = World.Group, NextToken = "garbage" }));
    }

    [Theory]
    [InlineData(0, "Member must have value greater than or equal to 1")]
    [InlineData(51, "Member must have value less than or equal to 50")]
    public void DSF_05_limit_out_of_range(int limit, string constraint)
    {
        var e = Assert.Throws<InvalidParameterException>(() => Logs.DescribeSubscriptionFilters(new() { LogGroupName = World.Group, Limit = limit }));
        Assert.Equal($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: {constraint}", e.Message);
    }

    [Fact]
    public void DSF_06_defaults_of_a_Lambda_filter()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1", "ERROR"));
        var filter = Assert.Single(Describe());
        Assert.Equal(Distribution.ByLogStream, filter.Distribution);
        Assert.False(filter.ApplyOnTransformedLogs);
        Assert.Equal(World.Start.ToUnixTimeMilliseconds(), filter.CreationTime);
        Assert.Equal(World.Group, filter.LogGroupName);
        Assert.Equal(World.LambdaArn, filter.DestinationArn);
    }

    [Fact]
    public void DSF_07_field_selection_and_system_fields_are_echoed()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1") with
        {
            FieldSelectionCriteria = "@aws.region NOT IN [\"cn-north-1\"]",
            EmitSystemFields = ["@aws.account", "@aws.region"],
            ApplyOnTransformedLogs = true,
            Distribution = Distribution.Random,
        });
        var filter = Assert.Single(Describe());
        Assert.Equal("@aws.region NOT IN [\"cn-north-1\"]", filter.FieldSelectionCriteria);
        Assert.Equal(["@aws.account", "@aws.region"], filter.EmitSystemFields!);
        Assert.True(filter.ApplyOnTransformedLogs);
        Assert.Equal(Distribution.Random, filter.Distribution);
    }

    [Fact]
    public async Task DEL_01_delete_then_describe_lists_none_and_nothing_more_is_delivered()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter("f1"));
        Logs.DeleteSubscriptionFilter(new() { LogGroupName = World.Group, FilterName = "f1" });
        Assert.Empty(Describe());
        await _world.PutAsync("after delete");
        Assert.Empty(_world.Lambda.Received);
        Assert.Empty(_world.Dropped);
    }

    [Fact]
    public void DEL_03_delete_unknown_filter()
    {
        var e = Assert.Throws<ResourceNotFoundException>(() => Logs.DeleteSubscriptionFilter(new() { LogGroupName = World.Group, FilterName = "nope" }));
        Assert.Equal("The specified subscription filter does not exist.", e.Message);
    }
}
