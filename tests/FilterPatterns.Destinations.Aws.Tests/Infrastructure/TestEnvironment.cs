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
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        // AWSSDK.Core reads the paths of the shared files once per process, so they are fixed here, before any
        // test touches the SDK: every test sees these (initially empty) files, never the developer's ~/.aws.
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", SharedCredentialsFile);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", SharedConfigFile);
        File.WriteAllText(SharedCredentialsFile, "");
        File.WriteAllText(SharedConfigFile, "");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(s_awsDirectory.FullName, recursive: true);
    }

    private static readonly DirectoryInfo s_awsDirectory = Directory.CreateTempSubdirectory("fp-aws-tests-");

    public static string SharedCredentialsFile { get; } = Path.Combine(s_awsDirectory.FullName, "credentials");

    public static string SharedConfigFile { get; } = Path.Combine(s_awsDirectory.FullName, "config");
}
