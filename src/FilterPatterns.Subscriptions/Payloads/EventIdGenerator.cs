using System.Globalization;
using System.Security.Cryptography;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// Makes event ids shaped like AWS's: 56-digit decimal strings, unique per event. The id is the event's timestamp
/// (20 digits), this service instance's random tag (16 digits, so that instances writing to one place do not collide),
/// and an ingestion sequence number (20 digits): ids of one instance sort by timestamp, then by ingestion.
/// </summary>
internal sealed class EventIdGenerator
{
    private readonly string _instance = RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

    private long _sequence;

    public string Next(long timestamp)
    {
        var sequence = (ulong)Interlocked.Increment(ref _sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{(ulong)timestamp:D20}{_instance}{sequence:D20}");
    }
}
