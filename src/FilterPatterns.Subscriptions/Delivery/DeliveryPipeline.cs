using System.Collections.Concurrent;
using System.Threading.Channels;
using FilterPatterns.Subscriptions.State;
using Polly;
using Polly.Retry;

namespace FilterPatterns.Subscriptions.Delivery;

/// <summary>A record waiting for delivery, with what the pipeline needs to report on it.</summary>
internal sealed record PendingRecord(DeliveryRecord Record, FilterRuntime? Filter, MetricDimensions Dimensions)
{
    public long Bytes => Record.Data.Length;
}

/// <summary>
/// Owns delivery: one bounded queue and one worker per physical target; batching; retries with exponential backoff and
/// jitter (Polly) bounded by <see cref="SubscriptionServiceOptions.MaxRetryDuration"/>; disable windows after
/// non-retryable failures; metrics; and the report of everything given up on.
/// </summary>
internal sealed class DeliveryPipeline : IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<AttemptState> s_state = new("FilterPatterns.Subscriptions.Attempt");

    private readonly SubscriptionServiceOptions _options;
    private readonly DestinationRouter _router;
    private readonly MetricsRecorder _metrics;
    private readonly Func<FilterRuntime, RouteFailure?> _authorize;
    private readonly Action<DeliveryDroppedEventArgs> _report;
    private readonly ConcurrentDictionary<string, Lazy<Worker>> _workers = new(StringComparer.Ordinal);
    private readonly PendingTracker _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ResiliencePipeline<bool> _retry;
    private int _disposed;

    public DeliveryPipeline(
        SubscriptionServiceOptions options,
        DestinationRouter router,
        MetricsRecorder metrics,
        Func<FilterRuntime, RouteFailure?> authorize,
        Action<DeliveryDroppedEventArgs> report)
    {
        _options = options;
        _router = router;
        _metrics = metrics;
        _authorize = authorize;
        _report = report;
        var time = options.TimeProvider;
        var maxDuration = options.MaxRetryDuration;
        _retry = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<bool>
            {
                // The attempt returns true while records remain to retry; retry until the bound since the first attempt.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is null
                    && args.Outcome.Result
                    && args.Context.Properties.TryGetValue(s_state, out var state)
                    && time.GetUtcNow() - state.Started < maxDuration),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
            })
            .Build();
    }

    public PendingTracker Pending => _pending;

    /// <summary>Queues a record for <paramref name="route"/>, waiting for room in the target's queue (backpressure).</summary>
    public async ValueTask EnqueueAsync(PendingRecord record, Route route, CancellationToken cancellationToken)
    {
        var worker = GetWorker(route);
        await worker.Budget.AcquireAsync(record.Bytes, cancellationToken).ConfigureAwait(false);
        Write(worker, record);
    }

    /// <summary>Queues a small record (a control message) without waiting: API calls that send one never block.</summary>
    public void EnqueueNow(PendingRecord record, Route route)
    {
        var worker = GetWorker(route);
        worker.Budget.Force(record.Bytes);
        Write(worker, record);
    }

    private Worker GetWorker(Route route)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ServiceUnavailableException("The service is shutting down.");
        }

        return _workers.GetOrAdd(
            route.TargetArn,
            static (arn, state) => new Lazy<Worker>(() => new Worker(state.self, arn, state.type)),
            (self: this, type: route.TargetType)).Value;
    }

    private void Write(Worker worker, PendingRecord record)
    {
        _pending.Add();
        if (!worker.Queue.Writer.TryWrite(record))
        {
            // The pipeline is stopping: the record was accepted, so it is reported rather than lost.
            worker.Budget.Release(record.Bytes);
            Drop(record, worker.TargetArn, DropReason.ServiceStopped, "ServiceUnavailableException", "The service is shutting down.");
            _pending.Done();
        }
    }

    /// <summary>Reports and counts a message that will not be delivered.</summary>
    public void Drop(FilterRuntime? filter, MetricDimensions dimensions, string destinationArn, string? targetArn, SubscriptionMessage message, DropReason reason, string? code, string? error)
    {
        var args = new DeliveryDroppedEventArgs(reason, code, error, filter?.FilterName, destinationArn, targetArn, message);
        if (args.EventCount > 0)
        {
            _metrics.Dropped(dimensions, args.EventCount, reason);
        }

        _report(args);
    }

    /// <summary>Handles a non-retryable failure: counts the error, disables the filter for the window, reports the events.</summary>
    public void FailPermanently(FilterRuntime? filter, MetricDimensions dimensions, string destinationArn, string? targetArn, SubscriptionMessage message, string code, string error)
    {
        var events = message.IsControlMessage ? 0 : message.LogEvents.Count;
        if (events > 0)
        {
            _metrics.Error(dimensions, events);
        }

        filter?.Disable(_options.TimeProvider.GetUtcNow() + _options.DisableWindow);
        Drop(filter, dimensions, destinationArn, targetArn, message, DropReason.NonRetryableError, code, error);
    }

    public Task FlushAsync(CancellationToken cancellationToken) => _pending.WhenIdleAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var workers = _workers.Values.Select(w => w.Value).ToArray();
        foreach (var worker in workers)
        {
            worker.Queue.Writer.TryComplete();
        }

        await Task.WhenAll(workers.Select(w => w.Loop)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private void Drop(PendingRecord record, string? targetArn, DropReason reason, string? code, string? error) =>
        Drop(record.Filter, record.Dimensions, record.Record.DestinationArn, targetArn, record.Record.Message, reason, code, error);

    private async Task RunAsync(Worker worker)
    {
        var reader = worker.Queue.Reader;
        var batch = new List<PendingRecord>();
        while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            batch.Clear();
            long bytes = 0;
            while (batch.Count < _options.MaxRecordsPerBatch
                && reader.TryPeek(out var next)
                && (batch.Count == 0 || bytes + next.Bytes <= _options.MaxBytesPerBatch)
                && reader.TryRead(out next))
            {
                batch.Add(next);
                bytes += next.Bytes;
            }

            try
            {
                await DeliverAsync(worker, batch).ConfigureAwait(false);
            }
            finally
            {
                worker.Budget.Release(bytes);
                _pending.Done(batch.Count);
            }
        }
    }

    private async Task DeliverAsync(Worker worker, List<PendingRecord> batch)
    {
        var state = new AttemptState(worker, [.. batch], _options.TimeProvider.GetUtcNow());
        var context = ResilienceContextPool.Shared.Get(_stopping.Token);
        context.Properties.Set(s_state, state);
        try
        {
            await _retry.ExecuteAsync(
                static (ctx, self) => self.AttemptAsync(ctx.Properties.GetValue(s_state, null!), ctx.CancellationToken),
                context,
                this).ConfigureAwait(false);
            foreach (var record in state.Remaining)
            {
                Drop(record, worker.TargetArn, DropReason.RetryPeriodExpired, state.LastErrorCode, state.LastErrorMessage);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            foreach (var record in state.Remaining)
            {
                Drop(record, worker.TargetArn, DropReason.ServiceStopped, "ServiceUnavailableException", "The service stopped before the records were delivered.");
            }
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One attempt at the records that remain; true when some must be retried.</summary>
    private async ValueTask<bool> AttemptAsync(AttemptState state, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = _options.TimeProvider.GetUtcNow();
        var worker = state.Worker;
        var sending = new List<PendingRecord>(state.Remaining.Count);
        foreach (var record in state.Remaining)
        {
            if (record.Filter is { } filter)
            {
                if (filter.IsDisabled(now))
                {
                    Drop(record, worker.TargetArn, DropReason.FilterDisabled, state.LastErrorCode, "The subscription filter is disabled after a non-retryable delivery error.");
                    continue;
                }

                // The destination may have been deleted, or its policy replaced, since the record was queued.
                if (_authorize(filter) is { } failure)
                {
                    FailPermanently(filter, record.Dimensions, record.Record.DestinationArn, worker.TargetArn, record.Record.Message, failure.ErrorCode, failure.ErrorMessage);
                    continue;
                }
            }

            sending.Add(record);
        }

        state.Remaining.Clear();
        if (sending.Count == 0)
        {
            return false;
        }

        state.Attempt++;
        DeliveryResult result;
        try
        {
            // Inside the try: a router factory that throws is a retryable failure like an adapter's, not a dead worker
            // that would leave the records unreported and PutLogEvents waiting forever on a full queue.
            if (!_router.TryResolve(worker.TargetArn, worker.TargetType, out var adapter))
            {
                result = DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.NonRetryableError, "ResourceNotFoundException", $"No destination adapter is registered for '{worker.TargetArn}'."));
            }
            else
            {
                var records = sending.Select(r => r.Record).ToArray();
                result = await adapter.DeliverAsync(new DeliveryBatch(worker.TargetArn, worker.TargetType, records, state.Attempt), cancellationToken).ConfigureAwait(false);
                if (result.IsPerRecord && result.Count != sending.Count)
                {
                    result = DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.RetryableError, "InvalidAdapterResult", $"The adapter returned {result.Count} outcomes for {sending.Count} records."));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            state.Remaining.AddRange(sending);
            throw;
        }
#pragma warning disable CA1031 // An adapter's unexpected exception is a retryable delivery failure, never a crash of the pipeline.
        catch (Exception e)
#pragma warning restore CA1031
        {
            result = DeliveryResult.ForAll(new RecordOutcome(DeliveryOutcome.RetryableError, e.GetType().Name, e.Message));
        }

        for (var i = 0; i < sending.Count; i++)
        {
            var record = sending[i];
            var outcome = result.GetOutcome(i);
            var events = record.Record.EventCount;
            switch (outcome.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    if (events > 0)
                    {
                        _metrics.Forwarded(record.Dimensions, events, record.Bytes);
                    }

                    break;
                case DeliveryOutcome.Throttled:
                    _metrics.Throttled(record.Dimensions, events);
                    state.Retry(record, outcome);
                    break;
                case DeliveryOutcome.NonRetryableError:
                    FailPermanently(record.Filter, record.Dimensions, record.Record.DestinationArn, worker.TargetArn, record.Record.Message, outcome.ErrorCode ?? "NonRetryableError", outcome.ErrorMessage ?? "The destination rejected the record.");
                    break;
                default:
                    _metrics.Error(record.Dimensions, events);
                    state.Retry(record, outcome);
                    break;
            }
        }

        return state.Remaining.Count > 0;
    }

    private sealed class Worker
    {
        public Worker(DeliveryPipeline pipeline, string targetArn, DestinationType targetType)
        {
            TargetArn = targetArn;
            TargetType = targetType;
            Budget = new ByteBudget(pipeline._options.MaxQueuedBytesPerTarget);
            Queue = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
            Loop = Task.Run(() => pipeline.RunAsync(this));
        }

        public string TargetArn { get; }

        public DestinationType TargetType { get; }

        public ByteBudget Budget { get; }

        public Channel<PendingRecord> Queue { get; }

        public Task Loop { get; }
    }

    private sealed class AttemptState(Worker worker, List<PendingRecord> remaining, DateTimeOffset started)
    {
        public Worker Worker { get; } = worker;

        public List<PendingRecord> Remaining { get; } = remaining;

        public DateTimeOffset Started { get; } = started;

        public int Attempt { get; set; }

        public string? LastErrorCode { get; private set; }

        public string? LastErrorMessage { get; private set; }

        public void Retry(PendingRecord record, RecordOutcome outcome)
        {
            Remaining.Add(record);
            LastErrorCode = outcome.ErrorCode ?? outcome.Outcome.ToString();
            LastErrorMessage = outcome.ErrorMessage;
        }
    }
}
