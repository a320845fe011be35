using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace FilterPatterns.Tests.Shared;

/// <summary>Listens to one service's meter and sums each counter per tag set.</summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Name, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricsCollector(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var dict = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                dict[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, dict));
        });
        _listener.Start();
    }

    public IReadOnlyList<(string Name, long Value, Dictionary<string, string?> Tags)> Measurements => [.. _measurements];

    /// <summary>The sum of <paramref name="name"/> over measurements whose tags include every given pair.</summary>
    public long Sum(string name, params (string Key, string Value)[] tags) =>
        _measurements.Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value)).Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
