namespace FilterPatterns.Destinations.Aws.Credentials;

/// <summary>Supplies the credentials to sign a request with. Implementations cache and refresh as they need.</summary>
public interface IAwsCredentialsProvider
{
    /// <summary>Returns credentials that are valid now.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <exception cref="AwsCredentialsException">No credentials could be found or refreshed.</exception>
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default);
}

/// <summary>Always returns the same credentials: for emulators, tests and explicitly configured keys.</summary>
public sealed class StaticCredentialsProvider : IAwsCredentialsProvider
{
    private readonly AwsCredentials _credentials;

    /// <summary>Wraps fixed credentials.</summary>
    public StaticCredentialsProvider(AwsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        _credentials = credentials;
    }

    /// <summary>Wraps a fixed access key, secret and optional session token.</summary>
    public StaticCredentialsProvider(string accessKeyId, string secretAccessKey, string? sessionToken = null)
        : this(new AwsCredentials(accessKeyId, secretAccessKey, sessionToken))
    {
    }

    /// <inheritdoc />
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_credentials);
}

/// <summary>Credentials could not be resolved or refreshed.</summary>
public sealed class AwsCredentialsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsCredentialsException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AwsCredentialsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AwsCredentialsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
