namespace FilterPatterns.Subscriptions.Delivery;

/// <summary>
/// A first-come-first-served budget of queued bytes for one target: producers wait for room (backpressure) rather than
/// growing the queue without bound. A request larger than the whole budget waits for an empty queue and then passes.
/// </summary>
internal sealed class ByteBudget
{
    private readonly object _lock = new();
    private readonly LinkedList<(long Bytes, TaskCompletionSource Ready)> _waiters = new();
    private readonly long _capacity;
    private long _used;

    public ByteBudget(long capacity) => _capacity = capacity;

    public long Used
    {
        get
        {
            lock (_lock)
            {
                return _used;
            }
        }
    }

    /// <summary>Takes <paramref name="bytes"/> without waiting (control messages, which are tiny and must not block an API call).</summary>
    public void Force(long bytes)
    {
        lock (_lock)
        {
            _used += bytes;
        }
    }

    public ValueTask AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        bytes = Math.Min(bytes, _capacity);
        LinkedListNode<(long, TaskCompletionSource)> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _used + bytes <= _capacity)
            {
                _used += bytes;
                return ValueTask.CompletedTask;
            }

            node = _waiters.AddLast((bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        return WaitAsync(node, cancellationToken);
    }

    public void Release(long bytes)
    {
        bytes = Math.Min(bytes, _capacity);
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            _used = Math.Max(0, _used - bytes);
            while (_waiters.First is { } first && _used + first.Value.Bytes <= _capacity)
            {
                _used += first.Value.Bytes;
                _waiters.RemoveFirst();
                (ready ??= []).Add(first.Value.Ready);
            }
        }

        ready?.ForEach(r => r.TrySetResult());
    }

    private async ValueTask WaitAsync(LinkedListNode<(long Bytes, TaskCompletionSource Ready)> node, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() =>
        {
            bool removed;
            lock (_lock)
            {
                removed = node.List is not null;
                if (removed)
                {
                    _waiters.Remove(node);
                }
            }

            if (removed)
            {
                node.Value.Ready.TrySetCanceled(cancellationToken);
            }
        });
        await node.Value.Ready.Task.ConfigureAwait(false);
    }
}

/// <summary>Counts records accepted but not yet delivered or given up, so that callers can wait for the pipeline to drain.</summary>
internal sealed class PendingTracker
{
    private readonly object _lock = new();
    private long _count;
    private TaskCompletionSource? _idle;

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    public void Add(long n = 1)
    {
        lock (_lock)
        {
            _count += n;
        }
    }

    public void Done(long n = 1)
    {
        TaskCompletionSource? idle = null;
        lock (_lock)
        {
            _count -= n;
            if (_count == 0)
            {
                idle = _idle;
                _idle = null;
            }
        }

        idle?.TrySetResult();
    }

    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }
}
