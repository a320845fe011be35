namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>InvalidParameterException</c> (HTTP 400): a parameter is specified incorrectly, including a rejected filter pattern.</summary>
public sealed class InvalidParameterException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public InvalidParameterException()
        : base("A parameter is specified incorrectly.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public InvalidParameterException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidParameterException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "InvalidParameterException";
}
