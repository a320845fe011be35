using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace FilterPatterns.Destinations.Aws.Credentials;

/// <summary>
/// Credentials from the AWS SDK for .NET (AWSSDK.Core): by default the SDK's standard credential chain
/// (<see cref="DefaultAWSCredentialsIdentityResolver"/>: environment variables, the shared
/// <c>~/.aws/credentials</c> and <c>~/.aws/config</c> profiles chosen by <c>AWS_PROFILE</c>, web identity,
/// SSO, container credentials and EC2 instance metadata), or one SDK <see cref="AWSCredentials"/> object.
/// </summary>
/// <remarks>
/// The provider caches what it resolved. Temporary credentials are refreshed <see cref="RefreshBeforeExpiry"/>
/// before they expire; credentials without an expiration are looked up again every
/// <see cref="RecheckInterval"/> so that a rotated profile or environment is picked up. One caller refreshes
/// while the others wait for it. If a refresh fails while the cached credentials have not yet expired,
/// they keep being used until they do.
/// </remarks>
public sealed class AwsSdkCredentialsProvider : IAwsCredentialsProvider, IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver? _resolver;
    private readonly AWSCredentials? _fixedSource;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Cached? _cached;

    private sealed record Cached(AwsCredentials Credentials, DateTimeOffset ResolvedAt);

    private AwsSdkCredentialsProvider(DefaultAWSCredentialsIdentityResolver? resolver, AWSCredentials? fixedSource, TimeProvider? timeProvider)
    {
        _resolver = resolver;
        _fixedSource = fixedSource;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long before expiry temporary credentials are refreshed. Five minutes by default.</summary>
    public TimeSpan RefreshBeforeExpiry { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often credentials without an expiration are looked up again. Five minutes by default.</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest one resolution through the chain may take (instance metadata can hang on a machine that has none).
    /// 35 seconds by default, the SDK's own worst case.
    /// </summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(35);

    /// <summary>Uses the SDK's standard credential chain.</summary>
    /// <param name="timeProvider">The clock used for expiry decisions; the system clock if <see langword="null"/>.</param>
    public static AwsSdkCredentialsProvider CreateDefault(TimeProvider? timeProvider = null) =>
        new(new DefaultAWSCredentialsIdentityResolver(), null, timeProvider);

    /// <summary>Uses one SDK credentials object (for example an assume-role or profile credentials object); the SDK refreshes it.</summary>
    /// <param name="credentials">The SDK credentials.</param>
    /// <param name="timeProvider">The clock used for expiry decisions; the system clock if <see langword="null"/>.</param>
    public static AwsSdkCredentialsProvider FromSdkCredentials(AWSCredentials credentials, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new(null, credentials, timeProvider);
    }

    /// <summary>Uses the named profile of the shared credentials and config files.</summary>
    /// <param name="profileName">The profile name, for example <c>default</c>.</param>
    /// <param name="timeProvider">The clock used for expiry decisions; the system clock if <see langword="null"/>.</param>
    /// <exception cref="AwsCredentialsException">The profile does not exist or has no usable credentials.</exception>
    public static AwsSdkCredentialsProvider FromProfile(string profileName, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileName);
        var chain = new CredentialProfileStoreChain();
        if (!chain.TryGetAWSCredentials(profileName, out var credentials) || credentials is null)
        {
            throw new AwsCredentialsException($"The AWS profile '{profileName}' was not found in the shared credentials or config file, or has no credentials.");
        }

        return new(null, credentials, timeProvider);
    }

    /// <inheritdoc />
    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
    {
        var cached = _cached;
        if (cached is not null && IsFresh(cached, _timeProvider.GetUtcNow()))
        {
            return cached.Credentials;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            cached = _cached;
            var now = _timeProvider.GetUtcNow();
            if (cached is not null && IsFresh(cached, now))
            {
                return cached.Credentials;
            }

            try
            {
                var fresh = await ResolveAsync(cancellationToken).ConfigureAwait(false);
                _cached = new Cached(fresh, now);
                return fresh;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (cached is not null && !IsExpired(cached.Credentials, now))
                {
                    return cached.Credentials;
                }

                throw ex as AwsCredentialsException
                    ?? new AwsCredentialsException($"AWS credentials could not be resolved: {ex.Message}", ex);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forgets the cached credentials so that the next call resolves them again.</summary>
    public void Invalidate() => _cached = null;

    /// <inheritdoc />
    public void Dispose()
    {
        _resolver?.Dispose();
        _gate.Dispose();
    }

    // Credentials that the SDK hands back already close to expiry would otherwise be resolved again on every call.
    private static readonly TimeSpan s_minimumResolveInterval = TimeSpan.FromSeconds(10);

    private bool IsFresh(Cached cached, DateTimeOffset now) =>
        cached.Credentials.Expiration is { } expiration
            ? expiration - now > RefreshBeforeExpiry || (expiration > now && now - cached.ResolvedAt < s_minimumResolveInterval)
            : now - cached.ResolvedAt < RecheckInterval;

    private static bool IsExpired(AwsCredentials credentials, DateTimeOffset now) =>
        credentials.Expiration is { } expiration && expiration <= now;

    private async Task<AwsCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        AWSCredentials source;
        if (_fixedSource is not null)
        {
            source = _fixedSource;
        }
        else
        {
            source = await _resolver!.ResolveIdentityAsync(null!, timeout.Token).ConfigureAwait(false)
                ?? throw new AwsCredentialsException("The AWS credential chain found no credentials.");
        }

        var immutable = await source.GetCredentialsAsync().WaitAsync(timeout.Token).ConfigureAwait(false)
            ?? throw new AwsCredentialsException("The AWS credential chain returned no credentials.");
        if (string.IsNullOrEmpty(immutable.AccessKey) || string.IsNullOrEmpty(immutable.SecretKey))
        {
            throw new AwsCredentialsException("The AWS credential chain returned credentials without an access key or secret key.");
        }

        var sdkExpiration = source is RefreshingAWSCredentials refreshing ? refreshing.Expiration : source.Expiration;
        DateTimeOffset? expiration = sdkExpiration is { } e
            ? new DateTimeOffset(DateTime.SpecifyKind(e, e.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : e.Kind).ToUniversalTime())
            : null;
        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null, expiration);
    }
}
