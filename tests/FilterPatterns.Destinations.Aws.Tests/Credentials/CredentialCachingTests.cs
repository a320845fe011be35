using Amazon.Runtime;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;

namespace FilterPatterns.Destinations.Aws.Tests.Credentials;

public sealed class CredentialCachingTests
{
    private static readonly DateTimeOffset s_start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>An SDK credentials object that hands out numbered temporary credentials, or fails on request.</summary>
    private sealed class CountingCredentials(ManualTimeProvider clock, TimeSpan? lifetime) : AWSCredentials
    {
        public int Calls;

        public bool Fail { get; set; }

        public override ImmutableCredentials GetCredentials()
        {
            var n = Interlocked.Increment(ref Calls);
            if (Fail)
            {
                throw new AmazonClientException("metadata service unavailable");
            }

            Thread.Sleep(20); // long enough for concurrent callers to pile up behind the refresh
            Expiration = lifetime is { } l ? (clock.GetUtcNow() + l).UtcDateTime : null;
            return new ImmutableCredentials($"ASIA{n}", $"secret-{n}", lifetime is null ? null : $"token-{n}");
        }
    }

    [Fact]
    public async Task Temporary_credentials_are_cached_until_five_minutes_before_expiry_then_refreshed()
    {
        var clock = new ManualTimeProvider(s_start);
        var source = new CountingCredentials(clock, TimeSpan.FromHours(1));
        using var provider = AwsSdkCredentialsProvider.FromSdkCredentials(source, clock);

        var first = await provider.GetCredentialsAsync();
        Assert.Equal(("ASIA1", "token-1"), (first.AccessKeyId, first.SessionToken));
        Assert.Equal(s_start.AddHours(1), first.Expiration);

        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Same(first, await provider.GetCredentialsAsync());
        Assert.Equal(1, source.Calls);

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("ASIA2", (await provider.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        var clock = new ManualTimeProvider(s_start);
        var source = new CountingCredentials(clock, TimeSpan.FromHours(1));
        using var provider = AwsSdkCredentialsProvider.FromSdkCredentials(source, clock);

        var all = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () => await provider.GetCredentialsAsync())));

        Assert.Equal(1, source.Calls);
        Assert.All(all, c => Assert.Equal("ASIA1", c.AccessKeyId));
    }

    [Fact]
    public async Task A_failed_refresh_keeps_unexpired_credentials_and_fails_once_they_expire()
    {
        var clock = new ManualTimeProvider(s_start);
        var source = new CountingCredentials(clock, TimeSpan.FromMinutes(15));
        using var provider = AwsSdkCredentialsProvider.FromSdkCredentials(source, clock);
        var first = await provider.GetCredentialsAsync();

        source.Fail = true;
        clock.Advance(TimeSpan.FromMinutes(12));
        Assert.Same(first, await provider.GetCredentialsAsync());

        clock.Advance(TimeSpan.FromMinutes(4));
        var error = await Assert.ThrowsAsync<AwsCredentialsException>(async () => await provider.GetCredentialsAsync());
        Assert.Contains("metadata service unavailable", error.Message, StringComparison.Ordinal);

        source.Fail = false;
        Assert.StartsWith("ASIA", (await provider.GetCredentialsAsync()).AccessKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_without_expiry_are_looked_up_again_after_the_recheck_interval()
    {
        var clock = new ManualTimeProvider(s_start);
        var source = new CountingCredentials(clock, lifetime: null);
        using var provider = AwsSdkCredentialsProvider.FromSdkCredentials(source, clock);

        var first = await provider.GetCredentialsAsync();
        Assert.Null(first.SessionToken);
        Assert.Null(first.Expiration);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Same(first, await provider.GetCredentialsAsync());
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("ASIA2", (await provider.GetCredentialsAsync()).AccessKeyId);

        provider.Invalidate();
        Assert.Equal("ASIA3", (await provider.GetCredentialsAsync()).AccessKeyId);
    }

    [Fact]
    public async Task Static_credentials_are_returned_as_given()
    {
        var provider = new StaticCredentialsProvider("AKID", "secret", "token");
        var credentials = await provider.GetCredentialsAsync();
        Assert.Equal(("AKID", "secret", "token"), (credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        Assert.Null(new AwsCredentials("AKID", "secret", "").SessionToken);
        Assert.Throws<ArgumentException>(() => new AwsCredentials(" ", "secret"));
    }
}
