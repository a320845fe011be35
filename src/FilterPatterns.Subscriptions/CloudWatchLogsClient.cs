using System.Text;
using FilterPatterns.Subscriptions.Arns;
using FilterPatterns.Subscriptions.State;
using FilterPatterns.Subscriptions.Validation;

namespace FilterPatterns.Subscriptions;

/// <summary>
/// The CloudWatch Logs API as one account calls it in one region: log groups and streams, <c>PutLogEvents</c>,
/// destinations and their policies, subscription filters and <c>TestMetricFilter</c>, with AWS's request and response
/// shapes. Errors are <see cref="CloudWatchLogsException"/>s carrying AWS's error code. Get one from
/// <see cref="SubscriptionService.ForAccount"/>; instances are cheap and thread-safe.
/// </summary>
public sealed partial class CloudWatchLogsClient
{
    private const string LogGroupNotFound = "The specified log group does not exist.";
    private readonly SubscriptionService _service;
    private readonly RegionState _region;

    internal CloudWatchLogsClient(SubscriptionService service, RegionState region)
    {
        _service = service;
        _region = region;
    }

    /// <summary>The calling account.</summary>
    public string AccountId => _region.Account;

    /// <summary>The region called.</summary>
    public string Region => _region.Region;

    private TimeProvider Time => _service.Options.TimeProvider;

    private long NowMillis => Time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary><c>CreateLogGroup</c>.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidParameterException">The name is invalid.</exception>
    /// <exception cref="ResourceAlreadyExistsException">The group exists.</exception>
    public void CreateLogGroup(CreateLogGroupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredLogGroupName("logGroupName", request.LogGroupName);

        v.ThrowIfInvalid();
        if (!_region.LogGroups.TryAdd(request.LogGroupName!, new LogGroupState(request.LogGroupName!, NowMillis)))
        {
            throw new ResourceAlreadyExistsException("The specified log group already exists");
        }
    }

    /// <summary><c>CreateLogStream</c>.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidParameterException">A name is invalid.</exception>
    /// <exception cref="ResourceNotFoundException">The group does not exist.</exception>
    /// <exception cref="ResourceAlreadyExistsException">The stream exists.</exception>
    public void CreateLogStream(CreateLogStreamRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredLogGroupName("logGroupName", request.LogGroupName);

        v.RequiredName("logStreamName", request.LogStreamName);

        v.ThrowIfInvalid();
        var group = GetLogGroup(request.LogGroupName!);
        if (!group.Streams.TryAdd(request.LogStreamName!, NowMillis))
        {
            throw new ResourceAlreadyExistsException("The specified log stream already exists");
        }
    }

    /// <summary><c>TestMetricFilter</c>: which of up to 50 messages the pattern matches, and what it extracts.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The matches, in request order, with 0-based event numbers.</returns>
    /// <exception cref="InvalidParameterException">A parameter or the pattern is invalid.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "An API operation of the account, like the others.")]
    public TestMetricFilterResponse TestMetricFilter(TestMetricFilterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        if (v.Required("filterPattern", request.FilterPattern))
        {
            v.Length("filterPattern", request.FilterPattern, 0, 1024);
        }

        if (v.Required("logEventMessages", request.LogEventMessages))
        {
            v.Count("logEventMessages", request.LogEventMessages, 1, 50);
            for (var i = 0; i < request.LogEventMessages!.Count; i++)
            {
                var member = $"logEventMessages.{i + 1}.member";
                if (v.Required(member, request.LogEventMessages[i]))
                {
                    v.Length(member, request.LogEventMessages[i], 1);
                }
            }
        }

        v.ThrowIfInvalid();
        var pattern = ParsePattern(request.FilterPattern!);
        var matches = new List<MetricFilterMatchRecord>();
        for (var i = 0; i < request.LogEventMessages!.Count; i++)
        {
            var match = pattern.Match(request.LogEventMessages[i]);
            if (match.IsMatch)
            {
                matches.Add(new MetricFilterMatchRecord(i, request.LogEventMessages[i], match.ExtractedValues));
            }
        }

        return new TestMetricFilterResponse(matches);
    }

    internal LogGroupState GetLogGroup(string name) =>
        _region.LogGroups.TryGetValue(name, out var group) ? group : throw new ResourceNotFoundException(LogGroupNotFound);

    internal static FilterPattern ParsePattern(string pattern)
    {
        try
        {
            return FilterPattern.Parse(pattern);
        }
        catch (FilterPatternException e)
        {
            throw new InvalidParameterException(e.AwsMessage, e);
        }
    }

    private static void EnterOrAbort(SemaphoreSlim gate)
    {
        if (!gate.Wait(0))
        {
            throw new OperationAbortedException();
        }
    }

    private static string? DecodeToken(string? token)
    {
        if (token is null)
        {
            return null;
        }

        try
        {
            return token.StartsWith("n1.", StringComparison.Ordinal)
                ? Encoding.UTF8.GetString(Convert.FromBase64String(token[3..]))
                : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new InvalidParameterException("The specified nextToken is invalid.");
        }
    }

    private static string EncodeToken(string lastName) => "n1." + Convert.ToBase64String(Encoding.UTF8.GetBytes(lastName));

    /// <summary>A page of <paramref name="sorted"/> after the name the token holds.</summary>
    private static (List<T> Page, string? Next) Paginate<T>(IEnumerable<T> sorted, Func<T, string> name, string? nextToken, int? limit)
    {
        var after = DecodeToken(nextToken);
        var size = limit ?? 50;
        var page = new List<T>(Math.Min(size, 16));
        string? next = null;
        foreach (var item in sorted)
        {
            if (after is not null && string.CompareOrdinal(name(item), after) <= 0)
            {
                continue;
            }

            if (page.Count == size)
            {
                next = EncodeToken(name(page[^1]));
                break;
            }

            page.Add(item);
        }

        return (page, next);
    }
}
