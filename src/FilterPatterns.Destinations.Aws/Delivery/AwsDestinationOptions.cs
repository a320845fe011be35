using FilterPatterns.Destinations.Aws.Credentials;

namespace FilterPatterns.Destinations.Aws;

/// <summary>How <see cref="AwsDestinations"/> sends subscription data to Kinesis, Firehose and Lambda.</summary>
/// <remarks>
/// The region of each call is the region of the target's ARN (a destination ARN always names one); the endpoint is
/// AWS's regional endpoint for it unless overridden here, and the credentials are the AWS SDK's default chain unless
/// <see cref="Credentials"/> says otherwise.
/// </remarks>
public sealed record AwsDestinationOptions
{
    /// <summary>The credentials for every call. <see langword="null"/> uses the AWS SDK's default chain (<see cref="AwsSdkCredentialsProvider.CreateDefault"/>), owned and disposed by <see cref="AwsDestinations"/>.</summary>
    public IAwsCredentialsProvider? Credentials { get; init; }

    /// <summary>Sends Kinesis calls here instead of <c>https://kinesis.{region}.amazonaws.com</c> (an emulator such as kinesalite, a VPC or FIPS endpoint).</summary>
    public Uri? KinesisEndpoint { get; init; }

    /// <summary>Sends Firehose calls here instead of <c>https://firehose.{region}.amazonaws.com</c>.</summary>
    public Uri? FirehoseEndpoint { get; init; }

    /// <summary>Sends Lambda calls here instead of <c>https://lambda.{region}.amazonaws.com</c>.</summary>
    public Uri? LambdaEndpoint { get; init; }

    /// <summary>How a Kinesis stream is named in <c>PutRecords</c>. <see cref="KinesisStreamReference.Auto"/> by default.</summary>
    public KinesisStreamReference KinesisStreamReference { get; init; } = KinesisStreamReference.Auto;

    /// <summary>How long one call may take, from sending the request to the end of the response. 30 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The HTTP client for every call (not disposed by <see cref="AwsDestinations"/>). <see langword="null"/> creates one
    /// shared client on a <see cref="SocketsHttpHandler"/> that pools connections, renews them every 5 minutes (DNS
    /// changes) and gives up connecting after 10 seconds.
    /// </summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>How many Lambda invocations of one batch run at once (Lambda takes one record per invocation). 8 by default.</summary>
    public int LambdaMaxConcurrency { get; init; } = 8;

    /// <summary>The largest asynchronous invocation payload sent to Lambda. <see cref="AwsLimits.LambdaMaxAsyncPayloadBytes"/> by default.</summary>
    public int LambdaMaxPayloadBytes { get; init; } = AwsLimits.LambdaMaxAsyncPayloadBytes;

    /// <summary>
    /// How long credentials may stay unavailable (nothing in the chain, a failing refresh, an expired session token)
    /// before calls fail as non-retryable: until then such failures are retried, afterwards the filter is disabled and
    /// the events are reported, like AWS does when it cannot assume a destination's role. 5 minutes by default.
    /// </summary>
    public TimeSpan CredentialsFailureGracePeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The clock that measures <see cref="CredentialsFailureGracePeriod"/>; <see langword="null"/> for the system clock
    /// (<c>UseAwsDestinations</c> passes the subscription service's clock). Requests are always signed with the system clock.
    /// </summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>The <c>User-Agent</c> header of every call.</summary>
    public string UserAgent { get; init; } = "FilterPatterns.Destinations.Aws/1.0";

    internal void Validate()
    {
        if (RequestTimeout <= TimeSpan.Zero && RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(LambdaMaxConcurrency, 1, nameof(LambdaMaxConcurrency));
        ArgumentOutOfRangeException.ThrowIfLessThan(LambdaMaxPayloadBytes, 1, nameof(LambdaMaxPayloadBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(CredentialsFailureGracePeriod, TimeSpan.Zero, nameof(CredentialsFailureGracePeriod));
        foreach (var endpoint in new[] { KinesisEndpoint, FirehoseEndpoint, LambdaEndpoint })
        {
            if (endpoint is not null && (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
            {
                throw new ArgumentException($"The endpoint '{endpoint}' must be an absolute http or https URI.", nameof(AwsDestinationOptions));
            }
        }
    }
}

/// <summary>How a Kinesis stream is named in <c>PutRecords</c>.</summary>
public enum KinesisStreamReference
{
    /// <summary>
    /// <see cref="StreamArn"/> against AWS's own endpoints, <see cref="StreamName"/> when
    /// <see cref="AwsDestinationOptions.KinesisEndpoint"/> is set (emulators such as kinesalite know only names).
    /// </summary>
    Auto,

    /// <summary><c>StreamName</c>: the name from the ARN (a stream of the calling account).</summary>
    StreamName,

    /// <summary><c>StreamARN</c>: the whole ARN, which real Kinesis needs for a stream of another account (with a resource policy).</summary>
    StreamArn,
}
