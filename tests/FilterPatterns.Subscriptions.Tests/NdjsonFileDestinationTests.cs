using System.Text.Json;
using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>The file/NDJSON adapter.</summary>
public sealed class NdjsonFileDestinationTests : IAsyncDisposable, IDisposable
{
    private readonly World _world = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("subs-ndjson-").FullName;

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Decoded_lines_are_the_DATA_MESSAGE_JSON()
    {
        var path = Path.Combine(_directory, "out.ndjson");
        using var file = new NdjsonFileDestination(path);
        _world.Service.Destinations.Register(World.LambdaArn, file);
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1", "ERROR"));
        await _world.PutAsync("ERROR one", "INFO two", "ERROR \"three\"\nline");
        await _world.PutAsync("ERROR four");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);
        var messages = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.All(messages, m => Assert.Equal("DATA_MESSAGE", m.GetProperty("messageType").GetString()));
        Assert.Equal(["ERROR one", "ERROR \"three\"\nline", "ERROR four"],
            messages.SelectMany(m => m.GetProperty("logEvents").EnumerateArray()).Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Compressed_lines_carry_the_record_as_Kinesis_shows_it()
    {
        var path = Path.Combine(_directory, "kinesis.ndjson");
        using var file = new NdjsonFileDestination(path, NdjsonFormat.Compressed);
        _world.Service.Destinations.Register(World.KinesisArn, file);
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("f1"));
        await _world.PutAsync("hello");
        var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Equal(World.KinesisArn, l.GetProperty("targetArn").GetString()));
        var decoded = lines.Select(l => SubscriptionPayload.Decode(Convert.FromBase64String(l.GetProperty("data").GetString()!))).ToArray();
        Assert.True(decoded[0].IsControlMessage);
        Assert.Equal("hello", decoded[1].LogEvents.Single().Message);
    }

    [Fact]
    public async Task A_missing_directory_is_non_retryable()
    {
        using var file = new NdjsonFileDestination(Path.Combine(_directory, "no", "such", "dir.ndjson"));
        _world.Service.Destinations.Register(World.LambdaArn, file);
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        await _world.PutAsync("lost?");
        var dropped = Assert.Single(_world.Dropped);
        Assert.Equal(DropReason.NonRetryableError, dropped.Reason);
        Assert.Equal("ResourceNotFoundException", dropped.ErrorCode);
        Assert.Equal("lost?", dropped.Message.LogEvents.Single().Message);
    }
}
