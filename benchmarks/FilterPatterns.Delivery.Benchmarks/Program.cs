using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using FilterPatterns.Destinations.Aws;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Delivery.Benchmarks;

/// <summary>
/// Delivery throughput, end to end: PutLogEvents into a <see cref="SubscriptionService"/> with a JSON filter, the Kinesis
/// adapter of <see cref="AwsDestinations"/>, signed PutRecords over HTTP to a local kinesalite, until every matched
/// event is delivered (<see cref="SubscriptionService.FlushAsync"/>); then the stream is read back to check the count.
/// A timed console run rather than BenchmarkDotNet: one run moves a million events through an external process for
/// tens of seconds, so BenchmarkDotNet's many short invocations and its process-per-benchmark model do not fit.
/// </summary>
internal static class Program
{
    private const string Region = "us-east-1";
    private const string Account = "111111111111";

    public static async Task<int> Main(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("""
                usage: dotnet run -c Release --project benchmarks/FilterPatterns.Delivery.Benchmarks -- [options]
                  --events N        matched events to deliver per run (default 1000000)
                  --batch N         events per PutLogEvents call (default 1000; at most 10000 and 1 MiB)
                  --match P         percentage of events the filter matches (default 50)
                  --producers N     concurrent PutLogEvents callers (default 4)
                  --log-streams N   log streams (default 16)
                  --shards N        shards of the Kinesis stream (default 4)
                  --runs N          measured runs (default 1), after a warm-up run of up to 200000 events
                  --endpoint URL    an already running kinesalite (default: start a private one)
                  --baseline        deliver to an adapter that accepts everything and sends nothing: the service alone
                                    (PutLogEvents, filter, gzip, pipeline), to compare with the network runs
                """);
            return 2;
        }

        Kinesalite? kinesalite = null;
        if (options.Endpoint is null)
        {
            kinesalite = await Kinesalite.StartAsync();
        }

        try
        {
            var endpoint = options.Endpoint ?? kinesalite!.Endpoint;
            Console.WriteLine($"kinesalite at {endpoint}; {Environment.ProcessorCount} cores; .NET {Environment.Version}; {options}");
            await RunAsync(options with { Events = Math.Min(options.Events, 200_000) }, endpoint, kinesalite, label: "warm-up");
            for (var run = 1; run <= options.Runs; run++)
            {
                await RunAsync(options, endpoint, kinesalite, label: $"run {run}");
            }
        }
        finally
        {
            if (kinesalite is not null)
            {
                await kinesalite.DisposeAsync();
            }
        }

        return 0;
    }

    private static async Task RunAsync(BenchOptions o, Uri endpoint, Kinesalite? kinesalite, string label)
    {
        var wire = new WireCounter(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), ConnectTimeout = TimeSpan.FromSeconds(10) });
        using var http = new HttpClient(wire) { Timeout = Timeout.InfiniteTimeSpan };
        using var aws = new AwsDestinations(new AwsDestinationOptions
        {
            KinesisEndpoint = endpoint,
            Credentials = new StaticCredentialsProvider("AKIDBENCH", "kinesalite-does-not-check"),
            HttpClient = http,
        });
        var counting = new CountingAdapters();
        var service = new SubscriptionService();
        using var metrics = new Counters(service.Meter);
        service.Destinations.RegisterFactory(DestinationType.Kinesis, arn => o.Baseline
            ? counting.Wrap(new AcceptAll())
            : aws.CreateAdapter(arn) is { } adapter ? counting.Wrap(adapter) : null);

        var kinesis = aws.GetKinesisClient(Region);
        var stream = "bench-" + Guid.NewGuid().ToString("N")[..8];
        (await kinesis.CreateStreamAsync(stream, o.Shards)).GetValueOrThrow();
        (await kinesis.WaitForStreamActiveAsync(stream, TimeSpan.FromSeconds(30))).GetValueOrThrow();

        var logs = service.ForAccount(Account, Region);
        const string group = "bench/app";
        logs.CreateLogGroup(new() { LogGroupName = group });
        var logStreams = Enumerable.Range(0, o.LogStreams).Select(i => $"host-{i:D3}").ToArray();
        foreach (var s in logStreams)
        {
            logs.CreateLogStream(new() { LogGroupName = group, LogStreamName = s });
        }

        logs.PutSubscriptionFilter(new()
        {
            LogGroupName = group,
            FilterName = "errors",
            FilterPattern = """{ $.level = "ERROR" }""",
            DestinationArn = $"arn:aws:kinesis:{Region}:{Account}:stream/{stream}",
            RoleArn = $"arn:aws:iam::{Account}:role/CWLtoKinesis",
        });
        await service.FlushAsync(); // the health check
        wire.Reset();
        metrics.Reset();
        counting.Reset();

        var messages = new MessagePool(seed: 42);
        var matchedPerBatch = Enumerable.Range(0, o.Batch).Count(i => i % 100 < o.MatchPercent);
        var batches = (int)Math.Ceiling(o.Events / (double)matchedPerBatch);
        var next = -1;
        var gcBefore = GC.CollectionCount(0);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var nodeCpuBefore = kinesalite is null ? TimeSpan.Zero : ProcessCpu.Of(kinesalite.ProcessId);
        using var memory = new MemorySampler();
        var watch = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, o.Producers).Select(_ => Task.Run(async () =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var events = new InputLogEvent[o.Batch];
                for (var i = 0; i < events.Length; i++)
                {
                    events[i] = new InputLogEvent(now, messages.Get(b, i, error: i % 100 < o.MatchPercent));
                }

                await logs.PutLogEventsAsync(new() { LogGroupName = group, LogStreamName = logStreams[b % logStreams.Length], LogEvents = events });
            }
        })).ToArray();
        await Task.WhenAll(producers);
        var accepted = watch.Elapsed;
        await service.FlushAsync();
        var elapsed = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var nodeCpu = kinesalite is null ? TimeSpan.Zero : ProcessCpu.Of(kinesalite.ProcessId) - nodeCpuBefore;
        var gcs = GC.CollectionCount(0) - gcBefore;
        var (peakWorkingSet, peakHeap) = memory.Stop();
        var (requests, requestBytes, requestBodyBytes, responseBytes) = (wire.Requests, wire.RequestBytes, wire.RequestBodyBytes, wire.ResponseBytes);
        await service.DisposeAsync();

        var matched = (long)batches * matchedPerBatch;
        var forwarded = metrics.Get(SubscriptionMetrics.ForwardedLogEvents);
        var gzipBytes = metrics.Get(SubscriptionMetrics.ForwardedBytes);
        var (storedRecords, storedEvents) = o.Baseline ? (counting.Records, forwarded) : await ReadBackAsync(kinesis, stream);
        (await kinesis.DeleteStreamAsync(stream)).GetValueOrThrow();

        var seconds = elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"## {label}{(o.Baseline ? " (baseline: nothing sent)" : "")}: {matched:N0} matched events ({(long)batches * o.Batch:N0} put in {batches:N0} PutLogEvents of {o.Batch}), {o.Producers} producers, {o.LogStreams} log streams, {o.Shards} shards");
        Console.WriteLine($"| elapsed | {seconds:0.00} s (all accepted after {accepted.TotalSeconds:0.00} s) |");
        Console.WriteLine($"| events/s | {matched / seconds:N0} matched ({(long)batches * o.Batch / seconds:N0} put) |");
        Console.WriteLine($"| records/s | {counting.Records / seconds:N0} ({counting.Records:N0} records, {counting.Calls:N0} PutRecords calls, {counting.Records / (double)Math.Max(1, counting.Calls):0.#} records/call) |");
        Console.WriteLine($"| events/record | {matched / (double)Math.Max(1, counting.Records):0.#} |");
        Console.WriteLine($"| gzip payload | {gzipBytes / (double)matched:0.0} B/event ({gzipBytes / 1048576.0:0.0} MiB) |");
        Console.WriteLine($"| HTTP requests | {requestBytes / (double)matched:0.0} B/event ({requestBytes / 1048576.0:0.0} MiB in {requests:N0} requests, {(requestBytes - requestBodyBytes) / (double)Math.Max(1, requests):0} B of headers each; bodies {requestBodyBytes / (double)matched:0.0} B/event) |");
        Console.WriteLine($"| HTTP responses | {responseBytes / (double)matched:0.0} B/event |");
        Console.WriteLine($"| uncompressed messages | {messages.AverageBytes:0.0} B/event (UTF-8 message text) |");
        Console.WriteLine($"| CPU | .NET {cpu.TotalSeconds:0.0} s ({cpu.TotalSeconds / seconds * 100:0}% of one core), kinesalite {nodeCpu.TotalSeconds:0.0} s ({nodeCpu.TotalSeconds / seconds * 100:0}%) |");
        Console.WriteLine($"| memory (during the run) | peak working set {peakWorkingSet / 1048576.0:0} MiB, peak GC heap {peakHeap / 1048576.0:0} MiB, gen0 GCs {gcs} |");
        Console.WriteLine($"| summary | {label}{(o.Baseline ? " baseline" : "")} | batch {o.Batch} | {matched / seconds:N0} events/s | {counting.Records / seconds:N0} records/s | {gzipBytes / (double)matched:0.0} B gzip/event | {requestBytes / (double)matched:0.0} B HTTP/event |");
        Console.WriteLine($"| check | forwarded {forwarded:N0}, read back {storedEvents:N0} events in {storedRecords:N0} records, errors {metrics.Get(SubscriptionMetrics.DeliveryErrors)}, throttled {metrics.Get(SubscriptionMetrics.DeliveryThrottling)}, dropped {metrics.Get(SubscriptionMetrics.DroppedLogEvents)} |");
        if (forwarded < matched || storedEvents < matched)
        {
            throw new InvalidOperationException($"Not every matched event arrived: {matched} matched, {forwarded} forwarded, {storedEvents} stored.");
        }
    }

    /// <summary>Reads every DATA_MESSAGE back from the stream and counts records and events.</summary>
    private static async Task<(long Records, long Events)> ReadBackAsync(KinesisClient kinesis, string stream)
    {
        long records = 0;
        long events = 0;
        foreach (var shard in (await kinesis.ListShardsAsync(stream)).GetValueOrThrow().Shards)
        {
            var iterator = (await kinesis.GetShardIteratorAsync(stream, shard.ShardId, KinesisShardIteratorType.TrimHorizon)).GetValueOrThrow();
            while (iterator is not null)
            {
                var batch = (await kinesis.GetRecordsAsync(iterator, limit: 10_000)).GetValueOrThrow();
                if (batch.Records.Count == 0)
                {
                    break;
                }

                foreach (var record in batch.Records)
                {
                    var message = SubscriptionPayload.Decode(record.Data.Span);
                    if (!message.IsControlMessage)
                    {
                        records++;
                        events += message.LogEvents.Count;
                    }
                }

                iterator = batch.NextShardIterator;
            }
        }

        return (records, events);
    }
}

/// <summary>Command-line options.</summary>
internal sealed record BenchOptions(long Events, int Batch, int MatchPercent, int Producers, int LogStreams, int Shards, int Runs, Uri? Endpoint, bool Baseline = false)
{
    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions(1_000_000, 1000, 50, 4, 16, 4, 1, null);
        if (args.Contains("--baseline"))
        {
            o = o with { Baseline = true };
            args = [.. args.Where(a => a != "--baseline")];
        }

        if (args.Length % 2 != 0)
        {
            return null;
        }

        for (var i = 0; i < args.Length; i += 2)
        {
            var value = args[i + 1];
            long Number() => long.Parse(value, CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--events" => o with { Events = Number() },
                "--batch" => o with { Batch = (int)Number() },
                "--match" => o with { MatchPercent = (int)Number() },
                "--producers" => o with { Producers = (int)Number() },
                "--log-streams" => o with { LogStreams = (int)Number() },
                "--shards" => o with { Shards = (int)Number() },
                "--runs" => o with { Runs = (int)Number() },
                "--endpoint" => o with { Endpoint = new Uri(value) },
                _ => null!,
            };
            if (o is null)
            {
                return null;
            }
        }

        return o.MatchPercent is < 1 or > 100 || o.Batch < 1 ? null : o;
    }
}

/// <summary>JSON log lines (about 270 bytes, random trace and request ids, addresses, paths and latencies; gzip takes them to about a sixth), drawn from a pool so that generating them costs little.</summary>
internal sealed class MessagePool
{
    private readonly string[] _errors;
    private readonly string[] _others;

    public MessagePool(int seed, int size = 8192)
    {
        var random = new Random(seed);
        string Hex(int bytes) => Convert.ToHexStringLower(random.GetItems<byte>(new byte[256], bytes));
        string Line(string level) =>
            $$"""{"ts":"2026-02-01T12:{{random.Next(60):D2}}:{{random.Next(60):D2}}.{{random.Next(1000):D3}}Z","level":"{{level}}","service":"checkout","traceId":"{{Hex(16)}}","requestId":"{{Hex(8)}}","client":"10.{{random.Next(256)}}.{{random.Next(256)}}.{{random.Next(256)}}","path":"/api/v1/orders/{{random.Next(1_000_000)}}","latencyMs":{{random.Next(2000)}},"msg":"{{(level == "ERROR" ? "payment declined by issuer" : "order updated")}}"}""";
        _errors = Enumerable.Range(0, size).Select(_ => Line("ERROR")).ToArray();
        _others = Enumerable.Range(0, size).Select(_ => Line(random.Next(3) == 0 ? "WARN" : "INFO")).ToArray();
        AverageBytes = _errors.Average(s => System.Text.Encoding.UTF8.GetByteCount(s));
    }

    /// <summary>The average UTF-8 size of a matching message.</summary>
    public double AverageBytes { get; }

    public string Get(int batch, int index, bool error) => (error ? _errors : _others)[((batch * 7919) + index) & (_errors.Length - 1)];
}

/// <summary>Samples the process's working set and GC heap every 20 ms.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _workingSet;
    private long _heap;

    public MemorySampler() => _loop = Task.Run(async () =>
    {
        using var process = Process.GetCurrentProcess();
        while (!_stop.IsCancellationRequested)
        {
            process.Refresh();
            _workingSet = Math.Max(_workingSet, process.WorkingSet64);
            _heap = Math.Max(_heap, GC.GetTotalMemory(forceFullCollection: false));
            try
            {
                await Task.Delay(20, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    });

    public (long WorkingSet, long Heap) Stop()
    {
        _stop.Cancel();
        _loop.Wait();
        return (_workingSet, _heap);
    }

    public void Dispose()
    {
        if (!_stop.IsCancellationRequested)
        {
            Stop();
        }

        _stop.Dispose();
    }
}

/// <summary>Accepts every record without sending it anywhere.</summary>
internal sealed class AcceptAll : IDestinationAdapter
{
    public ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken) => ValueTask.FromResult(DeliveryResult.Delivered);
}

/// <summary>Wraps adapters to count delivered records and calls.</summary>
internal sealed class CountingAdapters
{
    private long _records;
    private long _calls;

    public long Records => Interlocked.Read(ref _records);

    public long Calls => Interlocked.Read(ref _calls);

    public void Reset()
    {
        Interlocked.Exchange(ref _records, 0);
        Interlocked.Exchange(ref _calls, 0);
    }

    public IDestinationAdapter Wrap(IDestinationAdapter inner) => new Counting(this, inner);

    private sealed class Counting(CountingAdapters owner, IDestinationAdapter inner) : IDestinationAdapter
    {
        public async ValueTask<DeliveryResult> DeliverAsync(DeliveryBatch batch, CancellationToken cancellationToken)
        {
            var result = await inner.DeliverAsync(batch, cancellationToken).ConfigureAwait(false);
            var delivered = Enumerable.Range(0, batch.Records.Count).Count(i => result.GetOutcome(i).IsDelivered && batch.Records[i].EventCount > 0);
            Interlocked.Add(ref owner._records, delivered);
            Interlocked.Increment(ref owner._calls);
            return result;
        }
    }
}

/// <summary>Sums the service's counters.</summary>
internal sealed class Counters : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _sums = [];

    public Counters(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (_sums)
            {
                _sums[instrument.Name] = _sums.GetValueOrDefault(instrument.Name) + value;
            }
        });
        _listener.Start();
    }

    public long Get(string name)
    {
        lock (_sums)
        {
            return _sums.GetValueOrDefault(name);
        }
    }

    public void Reset()
    {
        lock (_sums)
        {
            _sums.Clear();
        }
    }

    public void Dispose() => _listener.Dispose();
}
