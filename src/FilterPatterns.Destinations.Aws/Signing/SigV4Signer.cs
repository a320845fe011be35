using System.Globalization;
using System.Net.Http.Headers;
using FilterPatterns.Destinations.Aws.Credentials;

namespace FilterPatterns.Destinations.Aws.Signing;

/// <summary>How <see cref="SigV4Signer"/> signs a request.</summary>
public sealed record SigV4SigningOptions
{
    /// <summary>The default options: path normalized and double-encoded, no <c>x-amz-content-sha256</c> header.</summary>
    public static SigV4SigningOptions Default { get; } = new();

    /// <summary>
    /// Adds the <c>x-amz-content-sha256</c> header (the payload hash) and signs it. S3 requires it;
    /// Kinesis, Firehose and Lambda accept it but do not need it.
    /// </summary>
    public bool AddContentSha256Header { get; init; }

    /// <summary>Removes <c>.</c>, <c>..</c> and empty segments from the path before signing. True except for S3.</summary>
    public bool NormalizePath { get; init; } = true;

    /// <summary>URI-encodes each path segment again, as sent, before signing. True except for S3.</summary>
    public bool DoubleEncodePath { get; init; } = true;

    /// <summary>Signs <c>Content-Length</c> when the request has one. Off by default: the HTTP stack sets it after signing.</summary>
    public bool SignContentLength { get; init; }

    /// <summary>
    /// The payload hash to sign instead of hashing the body: a lower-case hex SHA-256, or <c>UNSIGNED-PAYLOAD</c>
    /// where the service allows it. <see langword="null"/> hashes the body.
    /// </summary>
    public string? PayloadHash { get; init; }
}

/// <summary>The intermediate and final values of one signature, for diagnostics and tests.</summary>
/// <param name="CanonicalRequest">The canonical request that was hashed.</param>
/// <param name="StringToSign">The string to sign.</param>
/// <param name="SignedHeaders">The signed header names, lower case, separated by <c>;</c>.</param>
/// <param name="CredentialScope">The scope: <c>date/region/service/aws4_request</c>.</param>
/// <param name="AmzDate">The signing time in <c>yyyyMMddTHHmmssZ</c> form, as sent in <c>X-Amz-Date</c>.</param>
/// <param name="Signature">The hex signature.</param>
/// <param name="Authorization">The complete <c>Authorization</c> header value.</param>
public sealed record SigV4SigningResult(
    string CanonicalRequest,
    string StringToSign,
    string SignedHeaders,
    string CredentialScope,
    string AmzDate,
    string Signature,
    string Authorization);

/// <summary>
/// Signs <see cref="HttpRequestMessage"/>s with AWS Signature Version 4 in the <c>Authorization</c> header.
/// </summary>
/// <remarks>
/// The signer sets <c>Host</c> (from the request URI unless already set), <c>X-Amz-Date</c>,
/// <c>X-Amz-Security-Token</c> for temporary credentials and, if asked, <c>x-amz-content-sha256</c>;
/// it then signs every header on the request and its content except hop-by-hop and client headers that
/// proxies or the HTTP stack may change (<c>User-Agent</c>, <c>Expect</c>, <c>Connection</c>,
/// <c>Transfer-Encoding</c>, <c>X-Amzn-Trace-Id</c>, and <c>Content-Length</c> unless
/// <see cref="SigV4SigningOptions.SignContentLength"/>). Sign a request after its last header change and
/// send it before the signature is five minutes old.
/// </remarks>
public sealed class SigV4Signer
{
    /// <summary>The signing algorithm name.</summary>
    public const string Algorithm = SigV4Core.Algorithm;

    /// <summary>The hex SHA-256 of an empty payload.</summary>
    public const string EmptyPayloadHash = SigV4Core.EmptyPayloadSha256;

    /// <summary>The payload hash for services that accept an unsigned payload (S3 over HTTPS).</summary>
    public const string UnsignedPayload = "UNSIGNED-PAYLOAD";

    private static readonly HashSet<string> s_unsignedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "authorization", "user-agent", "expect", "connection", "keep-alive", "proxy-authorization", "proxy-connection",
        "te", "trailer", "transfer-encoding", "upgrade", "x-amzn-trace-id",
    };

    /// <summary>Creates a signer for one service and region.</summary>
    /// <param name="service">The signing name of the service, for example <c>kinesis</c>, <c>firehose</c> or <c>lambda</c>.</param>
    /// <param name="region">The region, for example <c>us-east-1</c>.</param>
    /// <param name="options">The signing options; <see cref="SigV4SigningOptions.Default"/> if <see langword="null"/>.</param>
    public SigV4Signer(string service, string region, SigV4SigningOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        Service = service;
        Region = region;
        Options = options ?? SigV4SigningOptions.Default;
    }

    /// <summary>The service signing name.</summary>
    public string Service { get; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; }

    /// <summary>The signing options.</summary>
    public SigV4SigningOptions Options { get; }

    /// <summary>Signs a request, reading its content (if any) to hash it unless a payload hash is given.</summary>
    /// <param name="request">The request; its URI must be absolute. Headers are added to it.</param>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="signingTime">The signing time (normally now).</param>
    /// <param name="cancellationToken">Cancels reading the content.</param>
    /// <returns>The signature and its intermediate values.</returns>
    public async Task<SigV4SigningResult> SignAsync(
        HttpRequestMessage request,
        AwsCredentials credentials,
        DateTimeOffset signingTime,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string payloadHash;
        if (Options.PayloadHash is { } given)
        {
            payloadHash = given;
        }
        else if (request.Content is null)
        {
            payloadHash = EmptyPayloadHash;
        }
        else
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            payloadHash = SigV4Core.HexSha256(body);
        }

        return Sign(request, credentials, signingTime, payloadHash);
    }

    /// <summary>Signs a request whose payload hash the caller already knows.</summary>
    /// <param name="request">The request; its URI must be absolute. Headers are added to it.</param>
    /// <param name="credentials">The credentials to sign with.</param>
    /// <param name="signingTime">The signing time (normally now).</param>
    /// <param name="payloadHash">The lower-case hex SHA-256 of the body (see <see cref="HashPayload"/>), or <see cref="UnsignedPayload"/>.</param>
    /// <returns>The signature and its intermediate values.</returns>
    public SigV4SigningResult Sign(HttpRequestMessage request, AwsCredentials credentials, DateTimeOffset signingTime, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentException.ThrowIfNullOrEmpty(payloadHash);
        var uri = request.RequestUri;
        if (uri is null || !uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request must have an absolute URI to be signed.", nameof(request));
        }

        var headers = request.Headers;
        headers.Remove("Authorization");
        headers.Remove("X-Amz-Date");
        headers.Remove("X-Amz-Security-Token");
        headers.Remove("X-Amz-Content-SHA256");
        if (string.IsNullOrEmpty(headers.Host))
        {
            headers.Host = uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        }

        headers.TryAddWithoutValidation("X-Amz-Date", signingTime.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (credentials.SessionToken is { } token)
        {
            headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        if (Options.AddContentSha256Header)
        {
            headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        }

        var result = SigV4Core.Sign(
            request.Method.Method,
            uri.AbsolutePath,
            uri.Query,
            SignableHeaders(request),
            payloadHash,
            credentials.AccessKeyId,
            credentials.SecretAccessKey,
            Region,
            Service,
            signingTime,
            Options.NormalizePath,
            Options.DoubleEncodePath);
        headers.TryAddWithoutValidation("Authorization", result.Authorization);
        return result;
    }

    /// <summary>The lower-case hex SHA-256 of a payload, as signed.</summary>
    public static string HashPayload(ReadOnlySpan<byte> payload) => SigV4Core.HexSha256(payload);

    private IEnumerable<KeyValuePair<string, string>> SignableHeaders(HttpRequestMessage request)
    {
        foreach (var header in request.Headers.NonValidated)
        {
            if (s_unsignedHeaders.Contains(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                yield return new(header.Key, value);
            }
        }

        if (request.Content is null)
        {
            yield break;
        }

        foreach (var header in request.Content.Headers.NonValidated)
        {
            if (s_unsignedHeaders.Contains(header.Key)
                || (!Options.SignContentLength && string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                yield return new(header.Key, value);
            }
        }
    }
}
