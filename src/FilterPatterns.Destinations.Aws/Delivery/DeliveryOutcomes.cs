using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws.Delivery;

/// <summary>
/// Turns what the wire clients report into the pipeline's <see cref="RecordOutcome"/>s: throttling to
/// <see cref="DeliveryOutcome.Throttled"/>, transient failures (5xx, timeouts, refused or reset connections) to
/// <see cref="DeliveryOutcome.RetryableError"/>, the rest (access denied, not found, other 4xx) to
/// <see cref="DeliveryOutcome.NonRetryableError"/>. Credential failures are retryable for a grace period and then
/// non-retryable, so that a credential that never comes ends in the pipeline's reported give-up instead of 24 hours of
/// retries. Shared by every adapter of one <see cref="AwsDestinations"/> (they share the credentials). Thread-safe.
/// </summary>
internal sealed class DeliveryOutcomes
{
    private const long NoFailure = long.MinValue;

    private readonly TimeProvider _time;
    private readonly TimeSpan _credentialsGrace;
    private readonly IAwsCredentialsProvider _credentials;
    private long _credentialsFailingSinceTicks = NoFailure;

    public DeliveryOutcomes(TimeProvider time, TimeSpan credentialsGrace, IAwsCredentialsProvider credentials)
    {
        _time = time;
        _credentialsGrace = credentialsGrace;
        _credentials = credentials;
    }

    /// <summary>Whether <paramref name="code"/> says the credentials, not the request, are the problem.</summary>
    public static bool IsCredentialsFailure(string code) =>
        code is "CredentialsUnavailable" or "ExpiredToken" or "ExpiredTokenException";

    /// <summary>The outcome of a record of a call that failed as a whole.</summary>
    public RecordOutcome FromError(AwsError error)
    {
        if (IsCredentialsFailure(error.Code))
        {
            return CredentialsFailed(error);
        }

        // The call was signed, so the credentials were there.
        Volatile.Write(ref _credentialsFailingSinceTicks, NoFailure);
        return new RecordOutcome(ToOutcome(error.Kind), error.Code, Describe(error));
    }

    /// <summary>The outcome of a record that a successful batch call reports as failed.</summary>
    public static RecordOutcome FromEntry(AwsErrorKind kind, string code, string? message) =>
        new(ToOutcome(kind), code, message ?? code);

    /// <summary>Records that a call got an answer (so the credentials worked).</summary>
    public void Answered() => Volatile.Write(ref _credentialsFailingSinceTicks, NoFailure);

    /// <summary>An exception a client threw that is neither cancellation nor a classified failure.</summary>
    public static RecordOutcome FromException(Exception exception) => exception switch
    {
        // The clients validate before sending: a batch the service would reject will be rejected every time.
        ArgumentException => new RecordOutcome(DeliveryOutcome.NonRetryableError, "InvalidArgumentException", exception.Message),
        _ => new RecordOutcome(DeliveryOutcome.RetryableError, exception.GetType().Name, exception.Message),
    };

    /// <summary>The outcome of a record larger than the target takes in one record (never sent: it would fail every time).</summary>
    public static RecordOutcome TooLarge(long size, long limit, string what) =>
        new(DeliveryOutcome.NonRetryableError, "ValidationException", $"The record is {size} bytes; {what} takes at most {limit}.");

    private static DeliveryOutcome ToOutcome(AwsErrorKind kind) => kind switch
    {
        AwsErrorKind.Throttled => DeliveryOutcome.Throttled,
        AwsErrorKind.Retryable => DeliveryOutcome.RetryableError,
        _ => DeliveryOutcome.NonRetryableError,
    };

    private static string Describe(AwsError error) =>
        error.StatusCode is { } status
            ? $"{error.Message} (HTTP {status}{(error.RequestId is null ? "" : $", request {error.RequestId}")})"
            : error.Message;

    private RecordOutcome CredentialsFailed(AwsError error)
    {
        // An expired session token may be fixed by resolving the chain again (a refreshed profile or environment).
        if (error.Code != "CredentialsUnavailable" && _credentials is AwsSdkCredentialsProvider sdk)
        {
            sdk.Invalidate();
        }

        var now = _time.GetUtcNow().UtcTicks;
        var since = Interlocked.CompareExchange(ref _credentialsFailingSinceTicks, now, NoFailure);
        if (since == NoFailure)
        {
            since = now;
        }

        var failingFor = TimeSpan.FromTicks(now - since);
        return failingFor < _credentialsGrace
            ? new RecordOutcome(DeliveryOutcome.RetryableError, error.Code, error.Message)
            : new RecordOutcome(
                DeliveryOutcome.NonRetryableError,
                error.Code,
                $"{error.Message} (credentials unavailable for {failingFor.TotalSeconds:0} s, longer than the grace period of {_credentialsGrace.TotalSeconds:0} s)");
    }
}
