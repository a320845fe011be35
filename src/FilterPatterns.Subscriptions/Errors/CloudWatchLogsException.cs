namespace FilterPatterns.Subscriptions;

/// <summary>
/// Base type of every error the subscription service reports. Each derived type corresponds to one AWS error code
/// (<see cref="ErrorCode"/>) and its HTTP status (<see cref="StatusCode"/>), so that an HTTP front end can map errors 1:1.
/// <see cref="Exception.Message"/> is the text AWS answers with, where a source records it.
/// </summary>
public abstract class CloudWatchLogsException : Exception
{
    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    protected CloudWatchLogsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and the exception that caused it.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    protected CloudWatchLogsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The AWS error code, e.g. <c>InvalidParameterException</c> (the value of <c>__type</c> in AWS's JSON error).</summary>
    public abstract string ErrorCode { get; }

    /// <summary>The HTTP status AWS answers with: 400 for client errors, 500 for <c>ServiceUnavailableException</c>.</summary>
    public virtual int StatusCode => 400;
}
