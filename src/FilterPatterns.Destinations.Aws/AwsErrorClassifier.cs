using System.Net;
using System.Net.Sockets;

namespace FilterPatterns.Destinations.Aws;

/// <summary>
/// Classifies AWS error responses and transport failures into <see cref="AwsErrorKind"/>s, from the AWS error
/// code (JSON <c>__type</c> or the <c>x-amzn-ErrorType</c> header) and the HTTP status.
/// </summary>
public static class AwsErrorClassifier
{
    private static readonly HashSet<string> s_throttlingCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException", // Kinesis
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestThrottled",
        "RequestThrottledException",
        "TooManyRequestsException", // Lambda
        "ServiceUnavailableException", // Firehose
        "ServiceUnavailable",
        "SlowDown",
        "RequestLimitExceeded",
        "LimitExceededException", // Kinesis control plane: too many concurrent requests
        "TransactionInProgressException",
        "BandwidthLimitExceeded",
        "EC2ThrottledException", // Lambda
        "KMSThrottlingException", // Kinesis/Firehose server-side encryption
    };

    private static readonly HashSet<string> s_retryableCodes = new(StringComparer.Ordinal)
    {
        "InternalFailure",
        "InternalFailureException",
        "InternalError",
        "InternalServerError",
        "InternalServiceError",
        "ServiceException", // Lambda 500
        "ServiceFailure",
        "RequestTimeout",
        "RequestTimeoutException",
        "PriorRequestNotComplete",
        "ExpiredToken", // refreshed credentials fix these
        "ExpiredTokenException",
        "RequestExpired",
        "IDPCommunicationError",
        "ResourceConflictException", // Lambda: function being updated
        "ResourceNotReadyException", // Lambda: function not yet active
        "EC2UnexpectedException",
        "ENILimitReachedException",
        "SubnetIPAddressLimitReachedException",
    };

    /// <summary>Classifies an AWS error from its code and HTTP status; the code wins where it is known.</summary>
    /// <param name="errorCode">The AWS error code, already stripped of any namespace prefix; may be <see langword="null"/>.</param>
    /// <param name="statusCode">The HTTP status, or <see langword="null"/> when unknown.</param>
    public static AwsErrorKind Classify(string? errorCode, int? statusCode)
    {
        if (!string.IsNullOrEmpty(errorCode))
        {
            if (s_throttlingCodes.Contains(errorCode))
            {
                return AwsErrorKind.Throttled;
            }

            if (s_retryableCodes.Contains(errorCode))
            {
                return AwsErrorKind.Retryable;
            }
        }

        return statusCode switch
        {
            429 or 503 => AwsErrorKind.Throttled,
            >= 500 => AwsErrorKind.Retryable,
            408 => AwsErrorKind.Retryable,
            >= 400 => AwsErrorKind.NonRetryable,
            null => AwsErrorKind.Retryable,
            _ => AwsErrorKind.NonRetryable,
        };
    }

    /// <summary>
    /// Normalizes an AWS error code as found in a JSON <c>__type</c>/<c>code</c> field or the <c>x-amzn-ErrorType</c>
    /// header: drops a namespace prefix (<c>com.amazonaws.kinesis.v20131202#</c>) and a trailing <c>:uri</c>.
    /// </summary>
    public static string? NormalizeCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Length == 0 ? null : code;
    }

    /// <summary>Turns a failure to get any HTTP response into an error: timeouts and connection failures are retryable.</summary>
    /// <param name="exception">What the HTTP stack threw.</param>
    public static AwsError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var socket = FindInner<SocketException>(exception);
        string code;
        if (exception is TimeoutException || exception is OperationCanceledException || FindInner<TimeoutException>(exception) is not null)
        {
            code = "Timeout";
        }
        else if (socket is not null)
        {
            code = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "ConnectionRefused",
                SocketError.ConnectionReset or SocketError.ConnectionAborted => "ConnectionReset",
                SocketError.TimedOut => "Timeout",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "HostNotFound",
                _ => "ConnectionFailure",
            };
        }
        else if (exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
        {
            code = "HostNotFound";
        }
        else if (exception is HttpRequestException or IOException)
        {
            code = "ConnectionFailure";
        }
        else
        {
            code = "ClientFailure";
        }

        var status = exception is HttpRequestException { StatusCode: HttpStatusCode s } ? (int?)s : null;
        return new AwsError(AwsErrorKind.Retryable, code, exception.Message, status) { Exception = exception };
    }

    private static T? FindInner<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }
}
