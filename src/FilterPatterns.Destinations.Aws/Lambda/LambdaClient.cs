using System.Text;
using FilterPatterns.Destinations.Aws.Internal;

namespace FilterPatterns.Destinations.Aws.Lambda;

/// <summary>The outcome of an asynchronous Lambda invocation: Lambda queued the event.</summary>
/// <param name="StatusCode">The HTTP status (202).</param>
/// <param name="RequestId">The AWS request id.</param>
public sealed record LambdaInvokeResult(int StatusCode, string? RequestId);

/// <summary>
/// A minimal AWS Lambda client over <see cref="HttpClient"/>: asynchronous <c>Invoke</c>
/// (<c>POST /2015-03-31/functions/{FunctionName}/invocations</c> with <c>X-Amz-Invocation-Type: Event</c>),
/// signed with SigV4 for the <c>lambda</c> service. Calls return an <see cref="AwsResult{T}"/> and never retry.
/// </summary>
public sealed class LambdaClient : IDisposable
{
    /// <summary>The SigV4 signing name and endpoint prefix.</summary>
    public const string ServiceName = "lambda";

    private readonly AwsHttpTransport _transport;

    /// <summary>Creates a client.</summary>
    /// <param name="options">Region, endpoint, credentials and timeout; defaults from the environment when <see langword="null"/>.</param>
    /// <param name="httpClient">The HTTP client to use (not disposed by this client); a private one when <see langword="null"/>.</param>
    public LambdaClient(AwsClientOptions? options = null, HttpClient? httpClient = null)
    {
        _transport = new AwsHttpTransport(ServiceName, ServiceName, options, httpClient);
    }

    /// <summary>The region requests are signed for.</summary>
    public string Region => _transport.Region;

    /// <summary>The endpoint requests are sent to.</summary>
    public Uri Endpoint => _transport.Endpoint;

    /// <summary>The largest payload <see cref="InvokeEventAsync"/> sends. <see cref="AwsLimits.LambdaMaxAsyncPayloadBytes"/> by default.</summary>
    public int MaxPayloadBytes { get; init; } = AwsLimits.LambdaMaxAsyncPayloadBytes;

    /// <summary>
    /// Invokes a function asynchronously: Lambda queues the event and answers 202 Accepted. Any other answer is an error.
    /// </summary>
    /// <param name="function">The function name, a partial ARN (<c>account:function:name</c>) or a function ARN, with or without a qualifier.</param>
    /// <param name="payload">The event, normally JSON; at most <see cref="MaxPayloadBytes"/> bytes.</param>
    /// <param name="qualifier">A version or alias, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ArgumentException">The payload is too large.</exception>
    public async Task<AwsResult<LambdaInvokeResult>> InvokeEventAsync(string function, ReadOnlyMemory<byte> payload, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(function);
        if (function.StartsWith("arn:", StringComparison.Ordinal))
        {
            _ = LambdaFunctionArn.Parse(function); // clear error for a malformed ARN
        }

        if (payload.Length > MaxPayloadBytes)
        {
            throw new ArgumentException($"The payload is {payload.Length} bytes; an asynchronous Lambda invocation takes at most {MaxPayloadBytes}.", nameof(payload));
        }

        var path = new StringBuilder("/2015-03-31/functions/").Append(Uri.EscapeDataString(function)).Append("/invocations");
        if (!string.IsNullOrEmpty(qualifier))
        {
            path.Append("?Qualifier=").Append(Uri.EscapeDataString(qualifier));
        }

        var sent = await _transport.SendAsync(
            HttpMethod.Post,
            path.ToString(),
            payload.ToArray(),
            "application/json",
            [new("X-Amz-Invocation-Type", "Event")],
            cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            return AwsResult.Failure<LambdaInvokeResult>(sent.Error);
        }

        if (sent.Value.StatusCode != 202)
        {
            return AwsResult.Failure<LambdaInvokeResult>(new AwsError(
                AwsErrorKind.NonRetryable,
                "UnexpectedStatus",
                $"An Event invocation should answer 202 Accepted, not {sent.Value.StatusCode}.",
                sent.Value.StatusCode,
                sent.Value.RequestId));
        }

        return AwsResult.Success(new LambdaInvokeResult(sent.Value.StatusCode, sent.Value.RequestId));
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
