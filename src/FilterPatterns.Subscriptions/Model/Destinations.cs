namespace FilterPatterns.Subscriptions;

/// <summary>A logical destination, as <c>PutDestination</c> and <c>DescribeDestinations</c> return it.</summary>
public sealed record Destination
{
    /// <summary>The destination's name.</summary>
    public required string DestinationName { get; init; }

    /// <summary>The physical target (a Kinesis or Firehose stream) that receives what is sent to the destination.</summary>
    public required string TargetArn { get; init; }

    /// <summary>The role CloudWatch Logs assumes to write to the target.</summary>
    public required string RoleArn { get; init; }

    /// <summary>The access policy, or null while none is set (then no other account may subscribe).</summary>
    public string? AccessPolicy { get; init; }

    /// <summary>The destination's ARN, <c>arn:aws:logs:REGION:ACCOUNT:destination:NAME</c>.</summary>
    public required string Arn { get; init; }

    /// <summary>When the destination was created, in milliseconds since the Unix epoch.</summary>
    public long CreationTime { get; init; }
}

/// <summary>Request of <c>PutDestination</c>: create or update a logical destination.</summary>
public sealed record PutDestinationRequest
{
    /// <summary>Required. 1–512 characters, pattern <c>[^:*]*</c>.</summary>
    public string? DestinationName { get; init; }

    /// <summary>Required. The Kinesis (or Firehose) stream to deliver to.</summary>
    public string? TargetArn { get; init; }

    /// <summary>Required. The role CloudWatch Logs assumes to write to the target.</summary>
    public string? RoleArn { get; init; }

    /// <summary>Optional tags (1–50), kept only on creation.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }
}

/// <summary>Response of <c>PutDestination</c>.</summary>
/// <param name="Destination">The destination as stored, including an existing access policy on update.</param>
public sealed record PutDestinationResponse(Destination Destination);

/// <summary>Request of <c>PutDestinationPolicy</c>: set the access policy that says which accounts may subscribe.</summary>
public sealed record PutDestinationPolicyRequest
{
    /// <summary>Required. The destination's name.</summary>
    public string? DestinationName { get; init; }

    /// <summary>Required. An IAM policy document of at most 5120 bytes.</summary>
    public string? AccessPolicy { get; init; }

    /// <summary>
    /// Set to true when replacing grants to individual accounts by a grant to an organisation, affirming that the
    /// senders' subscription filters were already updated. Default false.
    /// </summary>
    public bool? ForceUpdate { get; init; }
}

/// <summary>Request of <c>DescribeDestinations</c>.</summary>
public sealed record DescribeDestinationsRequest
{
    /// <summary>Only destinations whose names start with this (note AWS's capital D). 1–512, <c>[^:*]*</c>.</summary>
    public string? DestinationNamePrefix { get; init; }

    /// <summary>The token of the previous page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Page size, 1–50; default 50.</summary>
    public int? Limit { get; init; }
}

/// <summary>Response of <c>DescribeDestinations</c>: destinations in ASCII order of name.</summary>
/// <param name="Destinations">This page.</param>
/// <param name="NextToken">The token of the next page, or null on the last one.</param>
public sealed record DescribeDestinationsResponse(IReadOnlyList<Destination> Destinations, string? NextToken);

/// <summary>Request of <c>DeleteDestination</c>.</summary>
public sealed record DeleteDestinationRequest
{
    /// <summary>Required. The destination's name.</summary>
    public string? DestinationName { get; init; }
}
