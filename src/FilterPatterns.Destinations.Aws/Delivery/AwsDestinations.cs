using System.Collections.Concurrent;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Delivery;
using FilterPatterns.Destinations.Aws.Firehose;
using FilterPatterns.Destinations.Aws.Kinesis;
using FilterPatterns.Destinations.Aws.Lambda;
using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws;

/// <summary>
/// Network delivery of CloudWatch Logs subscription data: creates the <see cref="IDestinationAdapter"/> for a Kinesis
/// stream, Firehose stream or Lambda function ARN, on one shared <see cref="HttpClient"/> and one credentials provider,
/// with one signed client per service and region. Register it with a <see cref="SubscriptionService"/> through
/// <see cref="AwsSubscriptionServiceExtensions.UseAwsDestinations(SubscriptionService, AwsDestinationOptions?)"/> or
/// <see cref="Register"/>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>Logical destinations (<c>arn:aws:logs:…:destination:…</c>) are resolved to their Kinesis or Firehose target by
/// the subscription service before an adapter is asked, so the adapters only ever see physical targets.</para>
/// <para>The adapters ship and classify; the service's pipeline retries (throttling and transient failures, with
/// backoff and jitter, for up to 24 hours), disables filters after non-retryable failures, applies backpressure and
/// counts the metrics.</para>
/// <para>Dispose it after the service that uses it (or after <see cref="SubscriptionService.FlushAsync"/>): calls made
/// after disposal fail, and are retried, then reported when the service stops.</para>
/// </remarks>
/// <example>
/// <code>
/// using var aws = new AwsDestinations(new AwsDestinationOptions { KinesisEndpoint = new Uri("http://127.0.0.1:4567") });
/// await using var service = new SubscriptionService();
/// service.UseAwsDestinations(aws);
/// </code>
/// </example>
public sealed class AwsDestinations : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly AwsSdkCredentialsProvider? _ownedCredentials;
    private readonly DeliveryOutcomes _outcomes;
    private readonly ConcurrentDictionary<(string Service, string Region), Lazy<IDisposable>> _clients = new();
    private int _disposed;

    /// <summary>Creates the adapters' shared resources. Nothing is resolved or sent until the first delivery.</summary>
    /// <param name="options">Endpoints, credentials and timeouts; <see langword="null"/> for AWS's endpoints and the default credential chain.</param>
    public AwsDestinations(AwsDestinationOptions? options = null)
    {
        Options = options ?? new AwsDestinationOptions();
        Options.Validate();
        if (Options.HttpClient is { } http)
        {
            _http = http;
        }
        else
        {
            _http = CreateHttpClient();
            _ownsHttp = true;
        }

        if (Options.Credentials is { } credentials)
        {
            _credentials = credentials;
        }
        else
        {
            _ownedCredentials = AwsSdkCredentialsProvider.CreateDefault();
            _credentials = _ownedCredentials;
        }

        _outcomes = new DeliveryOutcomes(Options.TimeProvider ?? TimeProvider.System, Options.CredentialsFailureGracePeriod, _credentials);
    }

    /// <summary>The options.</summary>
    public AwsDestinationOptions Options { get; }

    /// <summary>
    /// Routes every Kinesis, Firehose and Lambda target ARN of <paramref name="router"/> that has no exact registration
    /// to an adapter of this instance (the router caches one per ARN).
    /// </summary>
    /// <param name="router">The service's router, <see cref="SubscriptionService.Destinations"/>.</param>
    public void Register(DestinationRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        router.RegisterFactory(DestinationType.Kinesis, TryCreateAdapter);
        router.RegisterFactory(DestinationType.Firehose, TryCreateAdapter);
        router.RegisterFactory(DestinationType.Lambda, TryCreateAdapter);
    }

    /// <summary>
    /// The adapter for a target: <c>arn:{partition}:kinesis:{region}:{account}:stream/{name}</c>,
    /// <c>…:firehose:…:deliverystream/{name}</c> or <c>…:lambda:…:function:{name}[:{qualifier}]</c>. Signed for the ARN's
    /// region and sent to that region's endpoint (or the configured one).
    /// </summary>
    /// <param name="targetArn">The target ARN.</param>
    /// <returns>The adapter, or <see langword="null"/> when the ARN is not a well-formed target of those kinds (the service then refuses the filter or destination).</returns>
    /// <exception cref="ObjectDisposedException">This instance was disposed.</exception>
    public IDestinationAdapter? CreateAdapter(string targetArn)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!AwsArn.TryParse(targetArn, out var arn, out _))
        {
            return null;
        }

        try
        {
            switch (arn.Service)
            {
                case KinesisClient.ServiceName:
                    var stream = KinesisStreamArn.Parse(targetArn);
                    var useArn = Options.KinesisStreamReference == KinesisStreamReference.StreamArn
                        || (Options.KinesisStreamReference == KinesisStreamReference.Auto && Options.KinesisEndpoint is null);
                    return new KinesisDestinationAdapter(GetKinesisClient(stream.Arn.Region), useArn ? stream.ToString() : stream.StreamName, _outcomes);
                case FirehoseClient.ServiceName:
                    var deliveryStream = FirehoseDeliveryStreamArn.Parse(targetArn);
                    return new FirehoseDestinationAdapter(GetFirehoseClient(deliveryStream.Arn.Region), deliveryStream.DeliveryStreamName, _outcomes);
                case LambdaClient.ServiceName:
                    var function = LambdaFunctionArn.Parse(targetArn);
                    return new LambdaDestinationAdapter(GetLambdaClient(function.Arn.Region), function.ToString(), _outcomes, Options.LambdaMaxConcurrency);
                default:
                    return null;
            }
        }
        catch (AwsArnFormatException)
        {
            return null;
        }
    }

    /// <summary>The shared Kinesis client for <paramref name="region"/> (also handy for reading a stream back).</summary>
    /// <param name="region">The region to sign for.</param>
    /// <returns>The client; owned by this instance.</returns>
    public KinesisClient GetKinesisClient(string region) =>
        GetClient(KinesisClient.ServiceName, region, static (self, options) => new KinesisClient(options with { Endpoint = self.Options.KinesisEndpoint }, self._http));

    /// <summary>The shared Firehose client for <paramref name="region"/>.</summary>
    /// <param name="region">The region to sign for.</param>
    /// <returns>The client; owned by this instance.</returns>
    public FirehoseClient GetFirehoseClient(string region) =>
        GetClient(FirehoseClient.ServiceName, region, static (self, options) => new FirehoseClient(options with { Endpoint = self.Options.FirehoseEndpoint }, self._http));

    /// <summary>The shared Lambda client for <paramref name="region"/>.</summary>
    /// <param name="region">The region to sign for.</param>
    /// <returns>The client; owned by this instance.</returns>
    public LambdaClient GetLambdaClient(string region) =>
        GetClient(LambdaClient.ServiceName, region, static (self, options) => new LambdaClient(options with { Endpoint = self.Options.LambdaEndpoint }, self._http)
        {
            MaxPayloadBytes = self.Options.LambdaMaxPayloadBytes,
        });

    /// <summary>Releases the HTTP client and the credential chain if this instance created them.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _ownedCredentials?.Dispose();
    }

    /// <summary>A router factory must not throw (the router calls it from the delivery pipeline): null after disposal.</summary>
    private IDestinationAdapter? TryCreateAdapter(string targetArn)
    {
        try
        {
            return CreateAdapter(targetArn);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private T GetClient<T>(string service, string region, Func<AwsDestinations, AwsClientOptions, T> create)
        where T : class, IDisposable
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        var lazy = _clients.GetOrAdd((service, region), static (key, state) => new Lazy<IDisposable>(() => state.create(state.self, new AwsClientOptions
        {
            Region = key.Region,
            Credentials = state.self._credentials,
            Timeout = state.self.Options.RequestTimeout,
            UserAgent = state.self.Options.UserAgent,
        })), (self: this, create));
        return (T)lazy.Value;
    }

    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        // Renew connections now and then so that DNS changes of the endpoints are seen; drop idle ones after a minute.
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
    })
    {
        // Each call has its own timeout (AwsDestinationOptions.RequestTimeout).
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
