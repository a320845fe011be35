using System.Diagnostics.CodeAnalysis;

namespace FilterPatterns.Destinations.Aws;

/// <summary>What a caller should do about a failed AWS call.</summary>
public enum AwsErrorKind
{
    /// <summary>The service asked the caller to slow down (throttling, HTTP 429 or 503): retry after a backoff.</summary>
    Throttled,

    /// <summary>A transient failure (HTTP 5xx, timeout, refused or reset connection): retry.</summary>
    Retryable,

    /// <summary>Retrying the same request will not help (bad input, missing resource, denied access, other 4xx).</summary>
    NonRetryable,
}

/// <summary>A failed AWS call: its classification, the AWS error code and message, and what is known of the response.</summary>
/// <param name="Kind">Whether and how to retry.</param>
/// <param name="Code">The AWS error code (for example <c>ResourceNotFoundException</c>), or a client-side code
/// (<c>Timeout</c>, <c>ConnectionFailure</c>, <c>CredentialsUnavailable</c>, <c>HttpStatus503</c>...).</param>
/// <param name="Message">The AWS error message, or a description of the client-side failure.</param>
/// <param name="StatusCode">The HTTP status, or <see langword="null"/> when no response arrived.</param>
/// <param name="RequestId">The AWS request id (<c>x-amzn-RequestId</c>), when the service sent one.</param>
public sealed record AwsError(AwsErrorKind Kind, string Code, string Message, int? StatusCode = null, string? RequestId = null)
{
    /// <summary>The exception behind a client-side failure, if any (not part of equality).</summary>
    public Exception? Exception { get; init; }

    /// <summary>True for <see cref="AwsErrorKind.Throttled"/> and <see cref="AwsErrorKind.Retryable"/>.</summary>
    public bool IsRetryable => Kind != AwsErrorKind.NonRetryable;

    /// <summary>Describes the error in one line.</summary>
    public override string ToString() =>
        $"{Kind} {Code}{(StatusCode is { } s ? $" (HTTP {s})" : "")}: {Message}{(RequestId is null ? "" : $" [request {RequestId}]")}";
}

/// <summary>The outcome of one AWS call: a value or an <see cref="AwsError"/>.</summary>
/// <typeparam name="T">The type of the value.</typeparam>
public sealed class AwsResult<T>
    where T : notnull
{
    internal AwsResult(T? value, AwsError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value, when the call succeeded.</summary>
    public T? Value { get; }

    /// <summary>The error, when the call failed.</summary>
    public AwsError? Error { get; }

    /// <summary>True when the call succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <summary>The value, or an <see cref="AwsServiceException"/> carrying the error.</summary>
    public T GetValueOrThrow() => IsSuccess ? Value : throw new AwsServiceException(Error);

    /// <summary>Describes the outcome.</summary>
    public override string ToString() => IsSuccess ? $"Success: {Value}" : $"Failure: {Error}";
}

/// <summary>Creates <see cref="AwsResult{T}"/> values.</summary>
public static class AwsResult
{
    /// <summary>A successful result.</summary>
    public static AwsResult<T> Success<T>(T value)
        where T : notnull => new(value, null);

    /// <summary>A failed result.</summary>
    public static AwsResult<T> Failure<T>(AwsError error)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(default, error);
    }
}

/// <summary>The metadata of a call that returns nothing else.</summary>
/// <param name="RequestId">The AWS request id, when the service sent one.</param>
public sealed record AwsResponseMetadata(string? RequestId);

/// <summary>Thrown by <see cref="AwsResult{T}.GetValueOrThrow"/> for a failed call.</summary>
public sealed class AwsServiceException : Exception
{
    /// <summary>Creates the exception for an error.</summary>
    public AwsServiceException(AwsError error)
        : base(error?.ToString(), error?.Exception)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Creates the exception without an error (for serializers and tooling).</summary>
    public AwsServiceException()
        : this(new AwsError(AwsErrorKind.NonRetryable, "Unknown", "Unknown error"))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AwsServiceException(string message)
        : this(new AwsError(AwsErrorKind.NonRetryable, "Unknown", message))
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AwsServiceException(string message, Exception innerException)
        : this(new AwsError(AwsErrorKind.NonRetryable, "Unknown", message) { Exception = innerException })
    {
    }

    /// <summary>The error.</summary>
    public AwsError Error { get; }
}
