using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Credentials;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentGroup
{
    public const string Name = "process environment";
}

/// <summary>
/// The SDK chain and region resolution read process-wide state (environment variables, profile files), so these
/// tests run alone and put every variable back.
/// </summary>
[Collection(EnvironmentGroup.Name)]
public sealed class CredentialChainTests : IDisposable
{
    private static readonly string[] s_variables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
        "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
    ];

    private readonly Dictionary<string, string?> _saved = s_variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    public CredentialChainTests()
    {
        foreach (var variable in s_variables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        // The shared files are the test process's own (see TestEnvironment), emptied for each test.
        File.WriteAllText(TestEnvironment.SharedCredentialsFile, "");
        File.WriteAllText(TestEnvironment.SharedConfigFile, "");
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        File.WriteAllText(TestEnvironment.SharedCredentialsFile, "");
        File.WriteAllText(TestEnvironment.SharedConfigFile, "");
    }

    [Fact]
    public async Task The_default_chain_reads_environment_variables_with_a_session_token()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", "env-token");
        using var provider = AwsSdkCredentialsProvider.CreateDefault();

        var credentials = await provider.GetCredentialsAsync();

        Assert.Equal("AKIAENVIRONMENT", credentials.AccessKeyId);
        Assert.Equal("env-secret", credentials.SecretAccessKey);
        Assert.Equal("env-token", credentials.SessionToken);
        Assert.DoesNotContain("env-secret", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("env-token", credentials.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_chain_reads_the_profile_named_by_AWS_PROFILE_from_the_shared_credentials_file()
    {
        File.WriteAllText(TestEnvironment.SharedCredentialsFile, """
            [default]
            aws_access_key_id = AKIADEFAULTPROFILE
            aws_secret_access_key = default-secret

            [delivery]
            aws_access_key_id = AKIADELIVERYPROFILE
            aws_secret_access_key = delivery-secret
            """);
        Environment.SetEnvironmentVariable("AWS_PROFILE", "delivery");
        using var chain = AwsSdkCredentialsProvider.CreateDefault();
        using var named = AwsSdkCredentialsProvider.FromProfile("default");

        Assert.Equal("AKIADELIVERYPROFILE", (await chain.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal("AKIADEFAULTPROFILE", (await named.GetCredentialsAsync()).AccessKeyId);
        Assert.Throws<AwsCredentialsException>(() => AwsSdkCredentialsProvider.FromProfile("missing"));
    }

    [Fact]
    public async Task With_nothing_configured_the_chain_fails_with_a_credentials_exception()
    {
        using var provider = AwsSdkCredentialsProvider.CreateDefault();

        await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());
    }

    [Fact]
    public void The_region_comes_from_explicit_configuration_then_the_environment_then_the_profile()
    {
        File.WriteAllText(TestEnvironment.SharedConfigFile, """
            [default]
            region = ap-southeast-2

            [profile delivery]
            region = cn-northwest-1
            """);
        Assert.Equal("ap-southeast-2", AwsRegionResolver.Resolve());
        Environment.SetEnvironmentVariable("AWS_PROFILE", "delivery");
        Assert.Equal("cn-northwest-1", AwsRegionResolver.Resolve());
        Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", "eu-north-1");
        Assert.Equal("eu-north-1", AwsRegionResolver.Resolve());
        Environment.SetEnvironmentVariable("AWS_REGION", "us-gov-west-1");
        Assert.Equal("us-gov-west-1", AwsRegionResolver.Resolve());
        Assert.Equal("sa-east-1", AwsRegionResolver.Resolve("sa-east-1"));
    }

    [Fact]
    public void Without_any_region_a_client_cannot_be_built_and_says_why()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new KinesisClient(new AwsClientOptions
        {
            Credentials = new StaticCredentialsProvider("AKID", "secret"),
        }));
        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
        Assert.Null(AwsRegionResolver.TryResolve());
    }

    [Fact]
    public void A_client_without_endpoint_uses_the_regional_endpoint_of_its_partition()
    {
        Environment.SetEnvironmentVariable("AWS_REGION", "cn-north-1");
        using var kinesis = new KinesisClient(new AwsClientOptions { Credentials = new StaticCredentialsProvider("AKID", "secret") });

        Assert.Equal("cn-north-1", kinesis.Region);
        Assert.Equal(new Uri("https://kinesis.cn-north-1.amazonaws.com.cn"), kinesis.Endpoint);
    }
}
