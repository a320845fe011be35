using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Signing;

namespace FilterPatterns.Destinations.Aws;

/// <summary>Where and as whom the Kinesis, Firehose and Lambda clients send their requests.</summary>
public sealed record AwsClientOptions
{
    /// <summary>The region to sign for and, unless <see cref="Endpoint"/> is set, to send to. <see langword="null"/> resolves it with <see cref="AwsRegionResolver"/>.</summary>
    public string? Region { get; init; }

    /// <summary>
    /// The endpoint to send to, for an emulator (<c>http://127.0.0.1:4567</c>), a VPC endpoint or another partition.
    /// <see langword="null"/> uses <see cref="AwsEndpoints.ForService"/>. A path in it is kept as a prefix.
    /// </summary>
    public Uri? Endpoint { get; init; }

    /// <summary>The credentials. <see langword="null"/> uses the AWS SDK's default chain (<see cref="AwsSdkCredentialsProvider.CreateDefault"/>).</summary>
    public IAwsCredentialsProvider? Credentials { get; init; }

    /// <summary>How long one call may take, from sending to the end of the response body. 30 seconds by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock used for signing. The system clock by default.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Signing options; <see langword="null"/> uses <see cref="SigV4SigningOptions.Default"/>.</summary>
    public SigV4SigningOptions? Signing { get; init; }

    /// <summary>The <c>User-Agent</c> header to send.</summary>
    public string UserAgent { get; init; } = "FilterPatterns.Destinations.Aws/1.0";
}
