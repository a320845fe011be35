namespace FilterPatterns.Subscriptions;

/// <summary>The values of <c>distribution</c>.</summary>
public static class Distribution
{
    /// <summary>Spread records over the Kinesis stream's shards at random.</summary>
    public const string Random = "Random";

    /// <summary>Keep all records of one log stream on one shard (the default).</summary>
    public const string ByLogStream = "ByLogStream";
}

/// <summary>Request of <c>PutSubscriptionFilter</c>: create or update (same name) a subscription filter on a log group.</summary>
public sealed record PutSubscriptionFilterRequest
{
    /// <summary>Required. 1–512 characters, pattern <c>[\.\-_/#A-Za-z0-9]+</c>.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>Required. 1–512 characters, pattern <c>[^:*]*</c>. An existing name is updated.</summary>
    public string? FilterName { get; init; }

    /// <summary>Required. 0–1024 characters; the empty pattern forwards every event.</summary>
    public string? FilterPattern { get; init; }

    /// <summary>Required. A same-account Kinesis, Firehose or Lambda ARN, or a logical destination ARN.</summary>
    public string? DestinationArn { get; init; }

    /// <summary>The role that lets CloudWatch Logs write to Kinesis or Firehose; not needed for Lambda or a logical destination.</summary>
    public string? RoleArn { get; init; }

    /// <summary><see cref="Subscriptions.Distribution.Random"/> or <see cref="Subscriptions.Distribution.ByLogStream"/> (default).</summary>
    public string? Distribution { get; init; }

    /// <summary>Evaluate transformed events (log groups with a transformer). Stored and described only.</summary>
    public bool? ApplyOnTransformedLogs { get; init; }

    /// <summary>Selection over system fields, 0–2000 characters. Stored and described only.</summary>
    public string? FieldSelectionCriteria { get; init; }

    /// <summary>System fields to add to forwarded events (<c>@aws.account</c>, <c>@aws.region</c>). Stored and described only.</summary>
    public IReadOnlyList<string>? EmitSystemFields { get; init; }
}

/// <summary>A subscription filter, as <c>DescribeSubscriptionFilters</c> returns it.</summary>
public sealed record SubscriptionFilter
{
    /// <summary>The filter's name.</summary>
    public required string FilterName { get; init; }

    /// <summary>The log group it belongs to.</summary>
    public required string LogGroupName { get; init; }

    /// <summary>The pattern, verbatim as it was put.</summary>
    public required string FilterPattern { get; init; }

    /// <summary>Where matching events go.</summary>
    public required string DestinationArn { get; init; }

    /// <summary>The delivery role, if one was given.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The distribution; <see cref="Subscriptions.Distribution.ByLogStream"/> when none was given.</summary>
    public required string Distribution { get; init; }

    /// <summary>Whether the filter applies to transformed events; false unless set.</summary>
    public bool ApplyOnTransformedLogs { get; init; }

    /// <summary>When the filter was created, in milliseconds since the Unix epoch.</summary>
    public long CreationTime { get; init; }

    /// <summary>The field selection criteria, if given.</summary>
    public string? FieldSelectionCriteria { get; init; }

    /// <summary>The system fields to emit, if given.</summary>
    public IReadOnlyList<string>? EmitSystemFields { get; init; }
}

/// <summary>Request of <c>DescribeSubscriptionFilters</c>.</summary>
public sealed record DescribeSubscriptionFiltersRequest
{
    /// <summary>Required. The log group.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>Only filters whose names start with this. 1–512, <c>[^:*]*</c>.</summary>
    public string? FilterNamePrefix { get; init; }

    /// <summary>The token of the previous page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Page size, 1–50; default 50.</summary>
    public int? Limit { get; init; }
}

/// <summary>Response of <c>DescribeSubscriptionFilters</c>: filters in ASCII order of name.</summary>
/// <param name="SubscriptionFilters">This page.</param>
/// <param name="NextToken">The token of the next page, or null on the last one.</param>
public sealed record DescribeSubscriptionFiltersResponse(IReadOnlyList<SubscriptionFilter> SubscriptionFilters, string? NextToken);

/// <summary>Request of <c>DeleteSubscriptionFilter</c>.</summary>
public sealed record DeleteSubscriptionFilterRequest
{
    /// <summary>Required. The log group.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>Required. The filter's name.</summary>
    public string? FilterName { get; init; }
}
