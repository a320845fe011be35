using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>The log group, stream and PutLogEvents surface that lets events flow.</summary>
public sealed class LogEventsTests : IAsyncDisposable
{
    private readonly World _world = new();

    private CloudWatchLogsClient Logs => _world.Sender;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private Task<PutLogEventsResponse> Put(params InputLogEvent[] events) =>
        Logs.PutLogEventsAsync(new() { LogGroupName = World.Group, LogStreamName = World.Stream, LogEvents = events });

    [Fact]
    public void Groups_and_streams_exist_once()
    {
        Assert.Equal("The specified log group already exists", Assert.Throws<ResourceAlreadyExistsException>(() => Logs.CreateLogGroup(new() { LogGroupName = World.Group })).Message);
        Assert.Throws<ResourceAlreadyExistsException>(() => Logs.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = World.Stream }));
        Assert.Throws<ResourceNotFoundException>(() => Logs.CreateLogStream(new() { LogGroupName = "missing", LogStreamName = "s" }));
        Assert.Throws<InvalidParameterException>(() => Logs.CreateLogGroup(new() { LogGroupName = "bad name" }));
        Assert.Throws<InvalidParameterException>(() => Logs.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = "a:b" }));

        // Log groups are per account and region.
        _world.Service.ForAccount(World.Other, World.Region).CreateLogGroup(new() { LogGroupName = World.Group });
        _world.Service.ForAccount(World.A, "eu-west-1").CreateLogGroup(new() { LogGroupName = World.Group });
    }

    [Fact]
    public async Task Missing_group_or_stream()
    {
        var e = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            Logs.PutLogEventsAsync(new() { LogGroupName = "missing", LogStreamName = "s", LogEvents = [new InputLogEvent(_world.NowMillis, "x")] }));
        Assert.Equal("The specified log group does not exist.", e.Message);
        e = await Assert.ThrowsAsync<ResourceNotFoundException>(() =>
            Logs.PutLogEventsAsync(new() { LogGroupName = World.Group, LogStreamName = "missing", LogEvents = [new InputLogEvent(_world.NowMillis, "x")] }));
        Assert.Equal("The specified log stream does not exist.", e.Message);
    }

    [Fact]
    public async Task Batch_rules()
    {
        var now = _world.NowMillis;
        Assert.Equal("Log events in a single PutLogEvents request must be in chronological order.",
            (await Assert.ThrowsAsync<InvalidParameterException>(() => Put(new InputLogEvent(now, "b"), new InputLogEvent(now - 1, "a")))).Message);
        Assert.Equal("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.",
            (await Assert.ThrowsAsync<InvalidParameterException>(() => Put(new InputLogEvent(now - (25 * 3600 * 1000L), "a"), new InputLogEvent(now, "b")))).Message);
        Assert.StartsWith("Log event too large: ",
            (await Assert.ThrowsAsync<InvalidParameterException>(() => Put(new InputLogEvent(now, new string('x', 262_144))))).Message, StringComparison.Ordinal);
        Assert.StartsWith("Upload too large: ",
            (await Assert.ThrowsAsync<InvalidParameterException>(() => Put(Enumerable.Range(0, 5).Select(_ => new InputLogEvent(now, new string('x', 250_000))).ToArray()))).Message, StringComparison.Ordinal);
        Assert.Contains("at 'logEvents.2.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1",
            (await Assert.ThrowsAsync<InvalidParameterException>(() => Put(new InputLogEvent(now, "a"), new InputLogEvent(now, "")))).Message, StringComparison.Ordinal);
        Assert.Contains("at 'logEvents' failed to satisfy constraint: Member must have length greater than or equal to 1",
            (await Assert.ThrowsAsync<InvalidParameterException>(() => Put())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_old_and_too_new_events_are_rejected_and_not_forwarded()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter());
        var now = _world.NowMillis;
        var fourteenDays = (long)TimeSpan.FromDays(14).TotalMilliseconds;
        var twoHours = (long)TimeSpan.FromHours(2).TotalMilliseconds;

        // At most 14 days old and 2 hours ahead; a batch spans at most 24 hours, so each end gets its own batch.
        var old = await Put(new InputLogEvent(now - fourteenDays - 1, "too old 1"), new InputLogEvent(now - fourteenDays - 1, "too old 2"), new InputLogEvent(now - fourteenDays + 1, "oldest ok"));
        Assert.Equal(new RejectedLogEventsInfo { TooOldLogEventEndIndex = 2 }, old.RejectedLogEventsInfo);
        var ahead = await Put(new InputLogEvent(now + twoHours, "newest ok"), new InputLogEvent(now + twoHours + 1, "too new"));
        Assert.Equal(new RejectedLogEventsInfo { TooNewLogEventStartIndex = 1 }, ahead.RejectedLogEventsInfo);
        await _world.Service.FlushAsync();
        Assert.Equal(["oldest ok", "newest ok"], World.DataMessages(_world.Lambda).SelectMany(m => m.LogEvents).Select(e => e.Message));
    }

    [Fact]
    public async Task Accepted_batch_has_no_rejected_info()
    {
        Assert.Null((await Put(new InputLogEvent(_world.NowMillis, "fine"))).RejectedLogEventsInfo);
    }

    [Fact]
    public async Task A_large_batch_for_Lambda_is_split_into_several_records_and_none_is_dropped()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter());
        var random = new Random(7);
        var messages = Enumerable.Range(0, 40).Select(i => i + " " + new string([.. Enumerable.Range(0, 20_000).Select(_ => (char)random.Next(33, 127))])).ToArray();
        await _world.PutAsync(messages);
        var received = _world.Lambda.Received;
        Assert.True(received.Count > 1);
        Assert.All(received, r => Assert.True(r.Payload.Length <= 256 * 1024));
        Assert.Equal(messages, received.SelectMany(r => r.Decode().LogEvents).Select(e => e.Message));
    }

    [Fact]
    public async Task After_dispose_PutLogEvents_is_ServiceUnavailable()
    {
        Logs.PutSubscriptionFilter(World.LambdaFilter());
        await _world.Service.DisposeAsync();
        var e = await Assert.ThrowsAsync<ServiceUnavailableException>(() => Put(new InputLogEvent(_world.NowMillis, "late")));
        Assert.Equal(500, e.StatusCode);
    }
}
