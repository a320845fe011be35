namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>ServiceUnavailableException</c> (HTTP 500): the service cannot complete the request, e.g. because it is shutting down.</summary>
public sealed class ServiceUnavailableException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ServiceUnavailableException()
        : base("The service cannot complete the request.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public ServiceUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "ServiceUnavailableException";

    /// <inheritdoc />
    public override int StatusCode => 500;
}
