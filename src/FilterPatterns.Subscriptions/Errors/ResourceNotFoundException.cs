namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>ResourceNotFoundException</c> (HTTP 400): the specified resource does not exist.</summary>
public sealed class ResourceNotFoundException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ResourceNotFoundException()
        : base("The specified resource does not exist.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public ResourceNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public ResourceNotFoundException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "ResourceNotFoundException";
}
