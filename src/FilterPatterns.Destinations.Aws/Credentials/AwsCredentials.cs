namespace FilterPatterns.Destinations.Aws.Credentials;

/// <summary>
/// An immutable set of AWS credentials used to sign one request: an access key id, its secret,
/// an optional session token (temporary credentials) and an optional expiration time.
/// </summary>
public sealed class AwsCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="accessKeyId">The access key id (for example <c>AKIA...</c> or <c>ASIA...</c>).</param>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="sessionToken">The session token of temporary credentials, or <see langword="null"/>.</param>
    /// <param name="expiration">When temporary credentials stop working, or <see langword="null"/> if they do not expire.</param>
    public AwsCredentials(string accessKeyId, string secretAccessKey, string? sessionToken = null, DateTimeOffset? expiration = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessKeyId);
        ArgumentException.ThrowIfNullOrEmpty(secretAccessKey);
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = string.IsNullOrEmpty(sessionToken) ? null : sessionToken;
        Expiration = expiration;
    }

    /// <summary>The access key id.</summary>
    public string AccessKeyId { get; }

    /// <summary>The secret access key. Never logged: <see cref="ToString"/> leaves it out.</summary>
    public string SecretAccessKey { get; }

    /// <summary>The session token of temporary credentials, sent as <c>X-Amz-Security-Token</c>; <see langword="null"/> for long-term keys.</summary>
    public string? SessionToken { get; }

    /// <summary>When the credentials expire, or <see langword="null"/> if they do not.</summary>
    public DateTimeOffset? Expiration { get; }

    /// <summary>Describes the credentials without their secret or session token.</summary>
    public override string ToString() =>
        $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, SessionToken = {(SessionToken is null ? "none" : "set")}, Expiration = {Expiration?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "none"} }}";
}
