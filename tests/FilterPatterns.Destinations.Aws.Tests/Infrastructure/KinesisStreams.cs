using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>A record read back from a stream, with its shard and its payload decoded as a Kinesis consumer does (gunzip, JSON).</summary>
internal sealed record StoredMessage(string ShardId, KinesisStoredRecord Record, SubscriptionMessage Message);

/// <summary>Creates streams on kinesalite and reads them back with <c>GetShardIterator</c> / <c>GetRecords</c>.</summary>
internal static class KinesisStreams
{
    public static string NewName() => "fp-delivery-" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<string> CreateAsync(KinesisClient client, int shards)
    {
        var name = NewName();
        (await client.CreateStreamAsync(name, shards)).GetValueOrThrow();
        (await client.WaitForStreamActiveAsync(name, TimeSpan.FromSeconds(10))).GetValueOrThrow();
        return name;
    }

    /// <summary>Every record of every shard from the trim horizon, each shard in order.</summary>
    public static async Task<List<StoredMessage>> ReadAllAsync(KinesisClient client, string stream)
    {
        var read = new List<StoredMessage>();
        var shards = (await client.ListShardsAsync(stream)).GetValueOrThrow().Shards;
        foreach (var shard in shards)
        {
            var iterator = (await client.GetShardIteratorAsync(stream, shard.ShardId, KinesisShardIteratorType.TrimHorizon)).GetValueOrThrow();
            while (iterator is not null)
            {
                var batch = (await client.GetRecordsAsync(iterator, limit: 10_000)).GetValueOrThrow();
                read.AddRange(batch.Records.Select(r => new StoredMessage(shard.ShardId, r, SubscriptionPayload.Decode(r.Data.Span))));
                if (batch.Records.Count == 0)
                {
                    break;
                }

                iterator = batch.NextShardIterator;
            }
        }

        return read;
    }
}
