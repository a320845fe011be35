using System.Security.Cryptography;
using System.Text;
using FilterPatterns.Subscriptions.Arns;
using FilterPatterns.Subscriptions.Delivery;
using FilterPatterns.Subscriptions.State;
using FilterPatterns.Subscriptions.Validation;

namespace FilterPatterns.Subscriptions;

public sealed partial class CloudWatchLogsClient
{
    /// <summary>Most events per <c>PutLogEvents</c> call.</summary>
    public const int MaxEventsPerBatch = 10_000;

    /// <summary>Most bytes per <c>PutLogEvents</c> call: UTF-8 message bytes plus 26 per event.</summary>
    public const int MaxBatchBytes = 1_048_576;

    /// <summary>Most bytes of one event: UTF-8 message bytes plus 26.</summary>
    public const int MaxEventBytes = 262_144;

    private const int EventOverheadBytes = 26;
    private static readonly TimeSpan s_maxAge = TimeSpan.FromDays(14);
    private static readonly TimeSpan s_maxAhead = TimeSpan.FromHours(2);
    private static readonly TimeSpan s_maxSpan = TimeSpan.FromHours(24);

    /// <summary>
    /// <c>PutLogEvents</c>: accepts a batch for one log stream and hands every subscription filter of the group a
    /// DATA_MESSAGE with the events it matches (split into several records only when one would exceed the target's
    /// record size). Waits while a target's queue is full (backpressure). Every accepted, matching event is then either
    /// delivered at least once or reported through <see cref="SubscriptionService.DeliveryDropped"/>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops waiting for queue room; events of filters not yet queued are then not accepted for them.</param>
    /// <returns>Which events were rejected for their timestamps.</returns>
    /// <exception cref="InvalidParameterException">A parameter is invalid, events are out of order, span more than 24 hours, or are too large.</exception>
    /// <exception cref="ResourceNotFoundException">The log group or stream does not exist.</exception>
    public async Task<PutLogEventsResponse> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = Validate(request);
        var group = GetLogGroup(request.LogGroupName!);
        if (!group.Streams.ContainsKey(request.LogStreamName!))
        {
            throw new ResourceNotFoundException("The specified log stream does not exist.");
        }

        CheckBatch(events);

        // Timestamps outside [now - 14 days, now + 2 hours] are rejected; the batch is sorted, so they sit at its ends.
        var now = Time.GetUtcNow();
        var oldest = (now - s_maxAge).ToUnixTimeMilliseconds();
        var newest = (now + s_maxAhead).ToUnixTimeMilliseconds();
        var start = 0;
        while (start < events.Count && events[start].Timestamp < oldest)
        {
            start++;
        }

        var end = events.Count;
        while (end > start && events[end - 1].Timestamp > newest)
        {
            end--;
        }

        var rejected = start > 0 || end < events.Count
            ? new RejectedLogEventsInfo { TooOldLogEventEndIndex = start > 0 ? start : null, TooNewLogEventStartIndex = end < events.Count ? end : null }
            : null;

        var accepted = new SubscriptionLogEvent[end - start];
        for (var i = start; i < end; i++)
        {
            accepted[i - start] = new SubscriptionLogEvent(_service.Ids.Next(events[i].Timestamp), events[i].Timestamp, events[i].Message);
        }

        foreach (var filter in group.Filters)
        {
            await ForwardAsync(filter, request.LogStreamName!, accepted, now, cancellationToken).ConfigureAwait(false);
        }

        return new PutLogEventsResponse(rejected);
    }

    private async ValueTask ForwardAsync(FilterRuntime filter, string logStream, SubscriptionLogEvent[] events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var matched = new List<SubscriptionLogEvent>();
        foreach (var e in events)
        {
            if (filter.Matches(e.Message))
            {
                matched.Add(e);
            }
        }

        if (matched.Count == 0)
        {
            return;
        }

        var message = new SubscriptionMessage
        {
            MessageType = SubscriptionMessage.DataMessage,
            Owner = _region.Account,
            LogGroup = filter.LogGroupName,
            LogStream = logStream,
            SubscriptionFilters = [filter.FilterName],
            LogEvents = matched,
        };
        var pipeline = _service.Pipeline;
        var destinationArn = filter.Description.DestinationArn;
        if (filter.IsDisabled(now))
        {
            pipeline.Drop(filter, filter.Dimensions(filter.DestinationType), destinationArn, null, message, DropReason.FilterDisabled, null,
                $"The subscription filter is disabled until {filter.DisabledUntil:O} after a non-retryable delivery error.");
            return;
        }

        if (_service.TryRoute(filter, out var route) is { } failure)
        {
            pipeline.FailPermanently(filter, filter.Dimensions(filter.DestinationType), destinationArn, null, message, failure.ErrorCode, failure.ErrorMessage);
            return;
        }

        var dimensions = filter.Dimensions(route.TargetType);
        foreach (var part in Split(message, DestinationTypes.MaxRecordBytes(route.TargetType)))
        {
            var record = new DeliveryRecord(part.Message, part.Data, PartitionKey(filter, logStream), destinationArn);
            await pipeline.EnqueueAsync(new PendingRecord(record, filter, dimensions), route, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Encodes <paramref name="message"/>, halving its events until every record fits <paramref name="maxBytes"/>.</summary>
    internal static IEnumerable<(SubscriptionMessage Message, byte[] Data)> Split(SubscriptionMessage message, int maxBytes)
    {
        var data = SubscriptionPayload.Encode(message);
        if (data.Length <= maxBytes || message.LogEvents.Count <= 1)
        {
            // A single event that still does not fit goes as it is: the target's answer decides, nothing is dropped here.
            yield return (message, data);
            yield break;
        }

        var half = message.LogEvents.Count / 2;
        foreach (var part in Split(message with { LogEvents = message.LogEvents.Take(half).ToArray() }, maxBytes))
        {
            yield return part;
        }

        foreach (var part in Split(message with { LogEvents = message.LogEvents.Skip(half).ToArray() }, maxBytes))
        {
            yield return part;
        }
    }

    private static string PartitionKey(FilterRuntime filter, string logStream)
    {
        if (filter.Description.Distribution == Distribution.Random)
        {
            return Guid.NewGuid().ToString("N");
        }

        // Stable per log stream, at most 256 characters as Kinesis requires, whatever the names' length.
        var key = $"{filter.Owner.Account}/{filter.LogGroupName}/{logStream}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 16));
    }

    private static IReadOnlyList<InputLogEvent> Validate(PutLogEventsRequest request)
    {
        var v = new RequestValidator();
        v.RequiredLogGroupName("logGroupName", request.LogGroupName);

        v.RequiredName("logStreamName", request.LogStreamName);

        if (v.Required("logEvents", request.LogEvents))
        {
            v.Count("logEvents", request.LogEvents, 1, MaxEventsPerBatch);
            for (var i = 0; i < request.LogEvents!.Count; i++)
            {
                var e = request.LogEvents[i];
                if (!v.Required($"logEvents.{i + 1}.member", e))
                {
                    continue;
                }

                if (v.Required($"logEvents.{i + 1}.member.message", e.Message))
                {
                    v.Length($"logEvents.{i + 1}.member.message", e.Message, 1);
                }

                if (e.Timestamp < 0)
                {
                    v.Add($"Value '{e.Timestamp}' at 'logEvents.{i + 1}.member.timestamp' failed to satisfy constraint: Member must have value greater than or equal to 0");
                }
            }
        }

        v.ThrowIfInvalid();
        return request.LogEvents!;
    }

    private static void CheckBatch(IReadOnlyList<InputLogEvent> events)
    {
        long total = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0 && events[i].Timestamp < events[i - 1].Timestamp)
            {
                throw new InvalidParameterException("Log events in a single PutLogEvents request must be in chronological order.");
            }

            var size = Encoding.UTF8.GetByteCount(events[i].Message) + EventOverheadBytes;
            if (size > MaxEventBytes)
            {
                throw new InvalidParameterException($"Log event too large: {size} bytes exceeds limit of {MaxEventBytes}");
            }

            total += size;
        }

        if (total > MaxBatchBytes)
        {
            throw new InvalidParameterException($"Upload too large: {total} bytes exceeds limit of {MaxBatchBytes}");
        }

        if (events[^1].Timestamp - events[0].Timestamp > (long)s_maxSpan.TotalMilliseconds)
        {
            throw new InvalidParameterException("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
        }
    }
}
