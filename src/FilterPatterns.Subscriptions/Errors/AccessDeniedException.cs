namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>AccessDeniedException</c> (HTTP 400): the caller may not perform the operation, e.g. a cross-account Lambda destination or a destination whose access policy does not allow the caller.</summary>
public sealed class AccessDeniedException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public AccessDeniedException()
        : base("Access denied.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public AccessDeniedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public AccessDeniedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "AccessDeniedException";
}
