using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Signing;

namespace FilterPatterns.Destinations.Aws.Internal;

/// <summary>A successful HTTP exchange: status, AWS request id and body.</summary>
internal sealed record AwsHttpResponse(int StatusCode, string? RequestId, byte[] Body, HttpResponseHeaders Headers);

/// <summary>Signs, sends and reads one request; turns every failure into an <see cref="AwsError"/>. Never retries.</summary>
internal sealed class AwsHttpTransport : IDisposable
{
    public const string AmzJson11 = "application/x-amz-json-1.1";

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly IAwsCredentialsProvider _credentials;
    private readonly AwsSdkCredentialsProvider? _ownedCredentials;
    private readonly SigV4Signer _signer;
    private readonly AwsClientOptions _options;

    public AwsHttpTransport(string signingService, string endpointPrefix, AwsClientOptions? options, HttpClient? httpClient)
    {
        _options = options ?? new AwsClientOptions();
        if (_options.Timeout <= TimeSpan.Zero && _options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "AwsClientOptions.Timeout must be positive.");
        }

        Region = AwsRegionResolver.Resolve(_options.Region);
        Endpoint = _options.Endpoint ?? AwsEndpoints.ForService(endpointPrefix, Region);
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The endpoint '{Endpoint}' must be an absolute http or https URI.", nameof(options));
        }

        _signer = new SigV4Signer(signingService, Region, _options.Signing);
        if (_options.Credentials is { } credentials)
        {
            _credentials = credentials;
        }
        else
        {
            var chain = AwsSdkCredentialsProvider.CreateDefault();
            _credentials = chain;
            _ownedCredentials = chain;
        }

        if (httpClient is null)
        {
            _http = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(10),
                AutomaticDecompression = System.Net.DecompressionMethods.None,
            })
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }
    }

    public string Region { get; }

    public Uri Endpoint { get; }

    public Task<AwsResult<AwsHttpResponse>> SendJsonAsync(string target, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "/", body, AmzJson11, [new("X-Amz-Target", target)], cancellationToken);

    /// <summary>Sends an AWS JSON 1.1 call and reads its response with <paramref name="read"/>.</summary>
    public async Task<AwsResult<T>> CallJsonAsync<T>(string target, string operation, byte[] body, Func<JsonElement, AwsHttpResponse, T> read, CancellationToken cancellationToken)
        where T : notnull
    {
        var sent = await SendJsonAsync(target, body, cancellationToken).ConfigureAwait(false);
        if (!sent.IsSuccess)
        {
            return AwsResult.Failure<T>(sent.Error);
        }

        var parsed = Json.Parse(sent.Value, operation);
        if (!parsed.IsSuccess)
        {
            return AwsResult.Failure<T>(parsed.Error);
        }

        using var document = parsed.Value;
        try
        {
            return AwsResult.Success(read(document.RootElement, sent.Value));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return AwsResult.Failure<T>(Json.Malformed(sent.Value, operation, ex.Message) with { Exception = ex });
        }
    }

    public async Task<AwsResult<AwsHttpResponse>> SendAsync(
        HttpMethod method,
        string pathAndQuery,
        byte[]? body,
        string? contentType,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken)
    {
        AwsCredentials credentials;
        try
        {
            credentials = await _credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCredentialsException ex)
        {
            return AwsResult.Failure<AwsHttpResponse>(new AwsError(AwsErrorKind.Retryable, "CredentialsUnavailable", ex.Message) { Exception = ex });
        }

        using var request = new HttpRequestMessage(method, BuildUri(pathAndQuery));
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }
        }

        _signer.Sign(request, credentials, _options.TimeProvider.GetUtcNow(), SigV4Signer.HashPayload(body ?? []));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(_options.Timeout);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var requestId = Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id");
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
            {
                return AwsResult.Success(new AwsHttpResponse(status, requestId, bytes, response.Headers));
            }

            return AwsResult.Failure<AwsHttpResponse>(ParseError(response, status, requestId, bytes));
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return AwsResult.Failure<AwsHttpResponse>(new AwsError(
                AwsErrorKind.Retryable, "Timeout", $"No complete response from {Endpoint} within {_options.Timeout.TotalSeconds:0.###} s.") { Exception = ex });
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return AwsResult.Failure<AwsHttpResponse>(AwsErrorClassifier.FromException(ex));
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        _ownedCredentials?.Dispose();
    }

    private Uri BuildUri(string pathAndQuery)
    {
        var basePath = Endpoint.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(Endpoint) { Query = string.Empty };
        var query = string.Empty;
        var q = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = pathAndQuery;
        if (q >= 0)
        {
            query = pathAndQuery[(q + 1)..];
            path = pathAndQuery[..q];
        }

        builder.Path = basePath + path;
        builder.Query = query;
        return builder.Uri;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static AwsError ParseError(HttpResponseMessage response, int status, string? requestId, byte[] body)
    {
        string? code = AwsErrorClassifier.NormalizeCode(Header(response, "x-amzn-ErrorType"));
        string? message = Header(response, "x-amzn-ErrorMessage");
        if (body.Length > 0 && body[0] == (byte)'{')
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                var root = json.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    code ??= AwsErrorClassifier.NormalizeCode(
                        String(root, "__type") ?? String(root, "code") ?? String(root, "Code"));
                    message ??= String(root, "message") ?? String(root, "Message") ?? String(root, "errorMessage");
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall back to the raw text below.
            }
        }

        if (message is null && body.Length > 0)
        {
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)).Trim();
            message = text.Length > 0 ? text : null;
        }

        code ??= $"HttpStatus{status}";
        message ??= $"HTTP {status} {response.ReasonPhrase}";
        return new AwsError(AwsErrorClassifier.Classify(code, status), code, message, status, requestId);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
