using System.IO.Compression;
using System.Text;
using System.Text.Json;
using FilterPatterns.Subscriptions.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §6 payload shape (DLV-01, -02, -03, -07, -08), decoded the way real consumers decode it.</summary>
public sealed class PayloadTests : IAsyncDisposable
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);
    private readonly World _world = new();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    /// <summary>What an AWS Lambda consumer does: JSON event → awslogs.data → base64 → gunzip → JSON, with nothing but the BCL.</summary>
    private static JsonElement DecodeAsLambdaConsumer(ReadOnlyMemory<byte> invocationEvent)
    {
        using var invocation = JsonDocument.Parse(invocationEvent);
        Assert.Equal(["awslogs"], invocation.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["data"], invocation.RootElement.GetProperty("awslogs").EnumerateObject().Select(p => p.Name));
        var compressed = Convert.FromBase64String(invocation.RootElement.GetProperty("awslogs").GetProperty("data").GetString()!);
        return DecodeAsKinesisConsumer(compressed);
    }

    /// <summary>What a Kinesis consumer does with a record's Data: gunzip → JSON.</summary>
    private static JsonElement DecodeAsKinesisConsumer(ReadOnlyMemory<byte> data)
    {
        using var gzip = new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress);
        using var json = JsonDocument.Parse(gzip);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task DLV_02_Lambda_receives_awslogs_data_and_every_field_decodes()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("LambdaStream_consumer", "ERROR"));
        var t0 = _world.NowMillis;
        await _world.Sender.PutLogEventsAsync(new()
        {
            LogGroupName = World.Group,
            LogStreamName = World.Stream,
            LogEvents =
            [
                new(t0, "ERROR first \"quoted\" \\ back\tslash"),
                new(t0 + 1, "INFO not forwarded"),
                new(t0 + 2, "ERROR ünïcödé 🚀 <html>&"),
            ],
        });
        await _world.Service.FlushAsync();

        var received = Assert.Single(_world.Lambda.Received);
        Assert.Equal(DestinationType.Lambda, received.TargetType);
        var root = DecodeAsLambdaConsumer(received.Payload);
        Assert.Equal(["messageType", "owner", "logGroup", "logStream", "subscriptionFilters", "logEvents"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("DATA_MESSAGE", root.GetProperty("messageType").GetString());
        Assert.Equal(World.A, root.GetProperty("owner").GetString());
        Assert.Equal(World.Group, root.GetProperty("logGroup").GetString());
        Assert.Equal(World.Stream, root.GetProperty("logStream").GetString());
        Assert.Equal(["LambdaStream_consumer"], root.GetProperty("subscriptionFilters").EnumerateArray().Select(f => f.GetString()));
        var events = root.GetProperty("logEvents").EnumerateArray().ToArray();
        Assert.Equal(2, events.Length);
        Assert.All(events, e => Assert.Equal(["id", "timestamp", "message"], e.EnumerateObject().Select(p => p.Name)));
        Assert.Equal([t0, t0 + 2], events.Select(e => e.GetProperty("timestamp").GetInt64()));
        Assert.Equal(["ERROR first \"quoted\" \\ back\tslash", "ERROR ünïcödé 🚀 <html>&"], events.Select(e => e.GetProperty("message").GetString()));
        var ids = events.Select(e => e.GetProperty("id").GetString()!).ToArray();
        Assert.All(ids, id => Assert.Matches("^[0-9]{56}$", id));
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public async Task DLV_01_Kinesis_record_is_gzip_JSON_with_both_events_in_order()
    {
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("f1"));
        await _world.PutAsync("test", "test 2");
        var record = _world.Kinesis.Received.Single(r => !r.Decode().IsControlMessage);
        Assert.Equal(0x1f, record.Payload.Span[0]);
        Assert.Equal(0x8b, record.Payload.Span[1]);
        var root = DecodeAsKinesisConsumer(record.Payload);
        Assert.Equal("DATA_MESSAGE", root.GetProperty("messageType").GetString());
        Assert.Equal(["f1"], root.GetProperty("subscriptionFilters").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["test", "test 2"], root.GetProperty("logEvents").EnumerateArray().Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task DLV_03_Firehose_records_are_gzip_level_6_of_the_same_JSON()
    {
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("f1") with { DestinationArn = World.FirehoseArn });
        await _world.PutAsync("to firehose");
        var records = _world.Firehose.Received;
        Assert.Equal(2, records.Count);
        foreach (var record in records)
        {
            var json = SubscriptionPayload.Gunzip(record.Payload.Span);
            using var level6 = new MemoryStream();
            using (var gzip = new GZipStream(level6, new ZLibCompressionOptions { CompressionLevel = 6 }, leaveOpen: true))
            {
                gzip.Write(json);
            }

            Assert.Equal(level6.ToArray(), record.Payload.ToArray());
        }

        Assert.Equal("CWL CONTROL MESSAGE: Checking health of destination Firehose.", records[0].Decode().LogEvents.Single().Message);
        Assert.Equal("to firehose", records[1].Decode().LogEvents.Single().Message);
    }

    [Theory]
    [InlineData(DestinationType.Kinesis, "CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.")]
    [InlineData(DestinationType.Firehose, "CWL CONTROL MESSAGE: Checking health of destination Firehose.")]
    public void DLV_07_control_message_bytes(DestinationType type, string text)
    {
        var json = Encoding.UTF8.GetString(SubscriptionPayload.ToJson(SubscriptionMessage.CreateControlMessage(type, 1_700_000_000_000)));
        Assert.Equal(
            "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\",\"logStream\":\"\",\"subscriptionFilters\":[],"
            + "\"logEvents\":[{\"id\":\"\",\"timestamp\":1700000000000,\"message\":\"" + text + "\"}]}",
            json);
    }

    [Fact]
    public async Task DLV_07_filter_creation_sends_a_control_message_to_Kinesis_but_not_to_Lambda()
    {
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("k"));
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("l"));
        await _world.Service.FlushAsync();
        var control = Assert.Single(_world.Kinesis.DecodeAll());
        Assert.True(control.IsControlMessage);
        Assert.Equal(_world.NowMillis, control.LogEvents.Single().Timestamp);
        Assert.Empty(_world.Lambda.Received);
    }

    [Fact]
    public void JSON_escaping_matches_AWS_writer()
    {
        var message = new SubscriptionMessage
        {
            MessageType = SubscriptionMessage.DataMessage,
            Owner = "1",
            LogGroup = "g",
            LogStream = "s",
            SubscriptionFilters = ["f"],
            LogEvents = [new("9", 5, "q\" b\\ \b\f\n\r\t \u0001 \u001f / é 🚀 \ud800")],
        };
        var json = Encoding.UTF8.GetString(SubscriptionPayload.ToJson(message));
        Assert.Equal(
            "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"1\",\"logGroup\":\"g\",\"logStream\":\"s\",\"subscriptionFilters\":[\"f\"],"
            + "\"logEvents\":[{\"id\":\"9\",\"timestamp\":5,\"message\":\"q\\\" b\\\\ \\b\\f\\n\\r\\t \\u0001 \\u001F / é 🚀 \uFFFD\"}]}",
            json);
    }

    [Fact]
    public void Encode_then_decode_is_the_identity_for_any_message()
    {
        var text = ArbMap.Default.GeneratorFor<string>().Where(s => s is not null)
            .Select(s => s.Replace('\ud800', 'x').Replace('\udc00', 'x'))
            .Where(s => !HasLoneSurrogate(s));
        var events = Gen.ListOf(text.SelectMany(m => Gen.Choose(0, int.MaxValue).Select(t => new SubscriptionLogEvent(t.ToString(System.Globalization.CultureInfo.InvariantCulture), t, m))))
            .Select(l => l.ToArray());
        var messages = text.SelectMany(group => events.Select(e => new SubscriptionMessage
        {
            MessageType = SubscriptionMessage.DataMessage,
            Owner = World.A,
            LogGroup = group,
            LogStream = group + "/s",
            SubscriptionFilters = [group],
            LogEvents = e,
        }));
        Check.One(s_config, Prop.ForAll(Arb.From(messages), message =>
        {
            var decoded = SubscriptionPayload.Decode(SubscriptionPayload.Encode(message));
            var viaLambda = SubscriptionPayload.DecodeLambdaEvent(SubscriptionPayload.ToLambdaEvent(SubscriptionPayload.Encode(message)));
            return Same(message, decoded) && Same(message, viaLambda);
        }));
    }

    [Fact]
    public void Split_keeps_every_event_in_order_and_each_record_within_the_limit()
    {
        var sizes = Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(1, 3000), n)).SelectMany(a => Gen.Choose(600, 20_000).Select(limit => (a, limit)));
        Check.One(s_config, Prop.ForAll(Arb.From(sizes), input =>
        {
            var (lengths, limit) = input;
            var random = new Random(lengths.Sum());
            var message = new SubscriptionMessage
            {
                MessageType = SubscriptionMessage.DataMessage,
                Owner = World.A,
                LogGroup = "g",
                LogStream = "s",
                SubscriptionFilters = ["f"],
                LogEvents = lengths.Select((l, i) => new SubscriptionLogEvent(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i, RandomText(random, l))).ToArray(),
            };
            var parts = CloudWatchLogsClient.Split(message, limit).ToArray();
            var events = parts.SelectMany(p => SubscriptionPayload.Decode(p.Data).LogEvents).ToArray();
            return events.SequenceEqual(message.LogEvents)
                && parts.All(p => p.Data.Length <= limit || p.Message.LogEvents.Count == 1)
                && parts.All(p => p.Message.SubscriptionFilters.SequenceEqual(["f"]));
        }));
    }

    [Fact]
    public async Task DLV_08_event_ids_are_unique_56_digit_decimal_strings_across_filters_batches_and_streams()
    {
        _world.Sender.PutSubscriptionFilter(World.LambdaFilter("f1"));
        _world.Sender.PutSubscriptionFilter(World.KinesisFilter("f2"));
        _world.Sender.CreateLogStream(new() { LogGroupName = World.Group, LogStreamName = "s2" });
        for (var i = 0; i < 5; i++)
        {
            await _world.PutAsync(Enumerable.Range(0, 20).Select(j => $"m{i}-{j}").ToArray());
            await _world.PutAsync(_world.Sender, World.Group, "s2", "x", "y");
        }

        await _world.Service.FlushAsync();
        var lambdaEvents = World.DataMessages(_world.Lambda).SelectMany(m => m.LogEvents).ToArray();
        Assert.Equal(110, lambdaEvents.Length);
        Assert.All(lambdaEvents, e => Assert.Matches("^[0-9]{56}$", e.Id));
        Assert.Equal(lambdaEvents.Length, lambdaEvents.Select(e => e.Id).Distinct().Count());

        // One event has one id, whichever filter forwards it: consumers can dedupe on it.
        var kinesisEvents = World.DataMessages(_world.Kinesis).SelectMany(m => m.LogEvents).ToArray();
        Assert.Equal(lambdaEvents.Select(e => (e.Id, e.Message)).Order(), kinesisEvents.Select(e => (e.Id, e.Message)).Order());
    }

    private static bool Same(SubscriptionMessage a, SubscriptionMessage b) =>
        a.MessageType == b.MessageType && a.Owner == b.Owner && a.LogGroup == b.LogGroup && a.LogStream == b.LogStream
        && a.SubscriptionFilters.SequenceEqual(b.SubscriptionFilters) && a.LogEvents.SequenceEqual(b.LogEvents);

    private static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(s[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string RandomText(Random random, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = (char)random.Next(0x20, 0x7f);
        }

        return new string(chars);
    }
}
