namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>OperationAbortedException</c> (HTTP 400): another request was updating the same resource at the same time; retry.</summary>
public sealed class OperationAbortedException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public OperationAbortedException()
        : base("A conflicting operation is currently in progress against this resource. Please try again.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public OperationAbortedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public OperationAbortedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "OperationAbortedException";
}
