using Amazon;
using Amazon.Runtime;

namespace FilterPatterns.Destinations.Aws;

/// <summary>
/// Finds the AWS region the way the AWS SDKs do: an explicit value, then the <c>AWS_REGION</c> and
/// <c>AWS_DEFAULT_REGION</c> environment variables, then AWSSDK.Core's fallback chain (the <c>region</c> of the
/// profile chosen by <c>AWS_PROFILE</c> in <c>~/.aws/config</c>, then EC2 instance metadata unless
/// <c>AWS_EC2_METADATA_DISABLED=true</c>).
/// </summary>
public static class AwsRegionResolver
{
    /// <summary>Returns the region, or throws if none is configured anywhere.</summary>
    /// <param name="explicitRegion">A region chosen by configuration; wins when set.</param>
    /// <exception cref="InvalidOperationException">No region could be found.</exception>
    public static string Resolve(string? explicitRegion = null) =>
        TryResolve(explicitRegion)
        ?? throw new InvalidOperationException(
            "No AWS region is configured: set AwsClientOptions.Region, the AWS_REGION environment variable, or 'region' in the AWS profile.");

    /// <summary>Returns the region, or <see langword="null"/> if none is configured anywhere.</summary>
    /// <param name="explicitRegion">A region chosen by configuration; wins when set.</param>
    public static string? TryResolve(string? explicitRegion = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitRegion))
        {
            return explicitRegion.Trim();
        }

        foreach (var variable in new[] { "AWS_REGION", "AWS_DEFAULT_REGION" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        try
        {
            // The SDK caches its answer process-wide; start afresh so that a changed profile is seen.
            FallbackRegionFactory.Reset();
            return FallbackRegionFactory.GetRegionEndpoint()?.SystemName;
        }
#pragma warning disable CA1031 // Any failure of the SDK's probing means "no region found here".
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

/// <summary>Default public endpoints of the services, per region and partition.</summary>
public static class AwsEndpoints
{
    /// <summary>
    /// The default HTTPS endpoint of a service in a region: <c>https://{prefix}.{region}.{partition DNS suffix}</c>,
    /// for example <c>https://kinesis.cn-north-1.amazonaws.com.cn</c>.
    /// </summary>
    /// <param name="endpointPrefix">The endpoint prefix: <c>kinesis</c>, <c>firehose</c>, <c>lambda</c>.</param>
    /// <param name="region">The region.</param>
    public static Uri ForService(string endpointPrefix, string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        return new Uri($"https://{endpointPrefix}.{region}.{DnsSuffix(region)}");
    }

    /// <summary>The DNS suffix of the partition a region belongs to (<c>amazonaws.com</c>, <c>amazonaws.com.cn</c>, ...).</summary>
    public static string DnsSuffix(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        try
        {
            var suffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix;
            if (!string.IsNullOrEmpty(suffix))
            {
                return suffix;
            }
        }
#pragma warning disable CA1031 // Fall back to the well-known suffixes below.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
    }
}
