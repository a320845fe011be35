using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FilterPatterns.Destinations.Aws.Signing;

/// <summary>
/// The transport-independent part of Signature Version 4: canonical request, string to sign, signing key
/// and signature, from a request given as its method, path and query as they appear on the request line,
/// and its headers in order.
/// </summary>
internal static class SigV4Core
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadSha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static SigV4SigningResult Sign(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        string payloadHash,
        string accessKeyId,
        string secretAccessKey,
        string region,
        string service,
        DateTimeOffset signingTime,
        bool normalizePath,
        bool doubleEncodePath)
    {
        var time = signingTime.ToUniversalTime();
        var amzDate = time.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);
        var canonicalRequest = string.Join(
            '\n',
            method.ToUpperInvariant(),
            CanonicalUri(rawPath, normalizePath, doubleEncodePath),
            CanonicalQuery(rawQuery),
            canonicalHeaders,
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";
        var key = SigningKey(secretAccessKey, date, region, service);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        var authorization = $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4SigningResult(canonicalRequest, stringToSign, signedHeaders, scope, amzDate, signature, authorization);
    }

    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>
    /// The canonical URI: the path as sent, optionally with dot segments and empty segments removed, and each
    /// segment URI-encoded (again, for every service but S3, whose paths are encoded once).
    /// </summary>
    public static string CanonicalUri(string rawPath, bool normalize, bool doubleEncode)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : rawPath;
        var segments = path.Split('/');
        var trailingSlash = path.Length > 1 && path.EndsWith('/');
        if (normalize)
        {
            var stack = new List<string>();
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                var last = i == segments.Length - 1;
                if (segment.Length == 0 || segment == ".")
                {
                    trailingSlash |= last && segment == ".";
                    continue;
                }

                if (segment == "..")
                {
                    if (stack.Count > 0)
                    {
                        stack.RemoveAt(stack.Count - 1);
                    }

                    trailingSlash |= last;
                    continue;
                }

                stack.Add(segment);
            }

            if (stack.Count == 0)
            {
                return "/";
            }

            var builder = new StringBuilder();
            foreach (var segment in stack)
            {
                builder.Append('/').Append(UriEncode(doubleEncode ? segment : PercentDecode(segment)));
            }

            if (trailingSlash)
            {
                builder.Append('/');
            }

            return builder.ToString();
        }

        return string.Join('/', segments.Select(s => UriEncode(doubleEncode ? s : PercentDecode(s))));
    }

    /// <summary>
    /// The canonical query string: each name and value decoded from the query as sent, then URI-encoded,
    /// sorted by name and then value, joined with <c>&amp;</c>.
    /// </summary>
    public static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((UriEncode(PercentDecode(name)), UriEncode(PercentDecode(value))));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(static p => p.Name + "=" + p.Value));
    }

    /// <summary>
    /// The canonical headers block (lower-case names, sorted; values trimmed with inner runs of white space
    /// collapsed; repeated headers joined with commas in the order given; each line ending in a newline)
    /// and the signed-headers list.
    /// </summary>
    public static (string CanonicalHeaders, string SignedHeaders) CanonicalHeaders(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = AsciiLower(name.Trim());
            if (!byName.TryGetValue(key, out var values))
            {
                values = [];
                byName.Add(key, values);
            }

            values.Add(CanonicalHeaderValue(value));
        }

        var canonical = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }

        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    public static string CanonicalHeaderValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding of UTF-8 bytes: everything but <c>A-Z a-z 0-9 - . _ ~</c> becomes <c>%XX</c> (upper-case hex).</summary>
    public static string UriEncode(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes <c>%XX</c> escapes as UTF-8; a malformed escape is kept as it is. <c>+</c> is not a space.</summary>
    public static string PercentDecode(string value)
    {
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        var text = Encoding.UTF8.GetBytes(value);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == (byte)'%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add((byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2])));
                i += 2;
            }
            else
            {
                bytes.Add(text[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    internal static string AsciiLower(string value)
    {
        var needs = false;
        foreach (var c in value)
        {
            if (c is >= 'A' and <= 'Z')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
            }
        });
    }

    private static bool IsHex(byte b) => b is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => b - 'A' + 10,
    };
}
