namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>LimitExceededException</c> (HTTP 400): a quota would be exceeded (e.g. a third subscription filter on a log group).</summary>
public sealed class LimitExceededException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public LimitExceededException()
        : base("Resource limit exceeded.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public LimitExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public LimitExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "LimitExceededException";
}
