namespace FilterPatterns.Subscriptions;

/// <summary>AWS <c>ResourceAlreadyExistsException</c> (HTTP 400): the specified resource already exists.</summary>
public sealed class ResourceAlreadyExistsException : CloudWatchLogsException
{
    /// <summary>Creates the exception with a generic message.</summary>
    public ResourceAlreadyExistsException()
        : base("The specified resource already exists.")
    {
    }

    /// <summary>Creates the exception with AWS's message.</summary>
    /// <param name="message">The message AWS returns.</param>
    public ResourceAlreadyExistsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with AWS's message and its cause.</summary>
    /// <param name="message">The message AWS returns.</param>
    /// <param name="innerException">The cause.</param>
    public ResourceAlreadyExistsException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    public override string ErrorCode => "ResourceAlreadyExistsException";
}
