using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>
/// Checks a received request's SigV4 signature the way a service would, independently of the signer under test:
/// the canonical request is rebuilt here from the bytes that arrived (with the BCL's RFC 3986 escaping), and the
/// signature is computed by AWSSDK.Core's own <see cref="AWS4Signer"/>.
/// </summary>
internal static partial class SigV4Verifier
{
    public sealed record Expectation(string Service, string Region, IReadOnlyDictionary<string, ImmutableCredentials> Keys, TimeProvider Clock);

    /// <summary>Returns null when the signature is valid, else why not.</summary>
    public static string? Verify(ReceivedRequest request, Expectation expected)
    {
        var authorization = request.Header("Authorization");
        if (authorization is null)
        {
            return "no Authorization header";
        }

        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"malformed Authorization header: {authorization}";
        }

        var (accessKey, date, region, service) = (match.Groups["ak"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        var signedHeaders = match.Groups["signed"].Value;
        var signature = match.Groups["sig"].Value;
        if (region != expected.Region || service != expected.Service)
        {
            return $"scope {region}/{service}, expected {expected.Region}/{expected.Service}";
        }

        if (!expected.Keys.TryGetValue(accessKey, out var credentials))
        {
            return $"unknown access key {accessKey}";
        }

        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null || !DateTime.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return "missing or malformed X-Amz-Date";
        }

        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return "X-Amz-Date does not match the credential scope date";
        }

        if ((expected.Clock.GetUtcNow().UtcDateTime - signedAt).Duration() > TimeSpan.FromMinutes(5))
        {
            return "signature time is more than 5 minutes off";
        }

        var signed = signedHeaders.Split(';');
        if (!signed.SequenceEqual(signed.Order(StringComparer.Ordinal)) || signed.Distinct().Count() != signed.Length)
        {
            return "SignedHeaders are not sorted and unique";
        }

        foreach (var required in new[] { "host", "x-amz-date" })
        {
            if (!signed.Contains(required))
            {
                return $"{required} is not signed";
            }
        }

        if (credentials.UseToken)
        {
            if (request.Header("X-Amz-Security-Token") != credentials.Token || !signed.Contains("x-amz-security-token"))
            {
                return "session token missing, wrong or unsigned";
            }
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(request.Body));
        if (request.Header("x-amz-content-sha256") is { } declared && declared != payloadHash)
        {
            return "x-amz-content-sha256 does not match the body";
        }

        var canonical = new StringBuilder();
        canonical.Append(request.Method).Append('\n');
        var target = request.Target;
        var q = target.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? target : target[..q];
        var query = q < 0 ? "" : target[(q + 1)..];
        canonical.Append(string.Join('/', path.Split('/').Select(Uri.EscapeDataString))).Append('\n');
        canonical.Append(string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value))).Append('\n');
        foreach (var name in signed)
        {
            var values = request.Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
                .Select(h => Whitespace().Replace(h.Value.Trim(), " ")).ToList();
            if (values.Count == 0)
            {
                return $"signed header {name} was not received";
            }

            canonical.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        var expectedSignature = AWS4Signer.ComputeSignature(credentials, region, signedAt, service, signedHeaders, canonical.ToString()).Signature;
        return expectedSignature == signature ? null : $"signature mismatch; canonical request was:\n{canonical}";
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<ak>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, SignedHeaders=(?<signed>[a-z0-9;-]+), Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
