using System.Runtime.CompilerServices;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

internal static class TestEnvironment
{
    /// <summary>
    /// No test may reach EC2 instance metadata (169.254.169.254) through the SDK's credential or region chains:
    /// on a machine without it the probe only costs time, and its traffic leaves loopback.
    /// </summary>
#pragma warning disable CA2255 // A module initializer is the one place that runs before any test touches the SDK.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void DisableInstanceMetadata() =>
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
