using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Signing;

namespace FilterPatterns.Destinations.Aws.Tests.Signing;

public sealed class SigV4VectorTests
{
    public static TheoryData<string> VectorNames()
    {
        var data = new TheoryData<string>();
        foreach (var v in SigV4Vector.All())
        {
            data.Add(v.Name);
        }

        return data;
    }

    private static SigV4Vector Vector(string name) => SigV4Vector.Load(Path.Combine(SigV4Vector.Directory, name + ".txt"));

    private static string Hex(string body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void The_vector_folder_holds_the_required_cases()
    {
        var names = SigV4Vector.All().Select(v => v.Name).ToHashSet();
        string[] required =
        [
            "get-vanilla.js-v3", "get-vanilla-query", "get-vanilla-query-order-key-case", "get-header-value-trim",
            "get-header-key-duplicate", "post-x-www-form-urlencoded", "post-x-www-form-urlencoded.js-v3", "post-vanilla",
            "get-space-normalized", "get-relative-normalized", "get-relative-unnormalized", "get-slashes-normalized",
            "get-vanilla-with-session-token", "get-utf8", "get-vanilla-utf8-query",
        ];
        Assert.Empty(required.Except(names));
        Assert.True(names.Count >= 30, $"only {names.Count} vectors");
    }

    /// <summary>The transport-independent core, driven with the request line exactly as in the suite.</summary>
    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Core_reproduces_the_suites_authorization(string name)
    {
        var v = Vector(name);
        var headers = v.UnsignedHeaders.ToList();
        headers.Add(new("X-Amz-Date", "20150830T123600Z"));
        if (v.SessionToken is { } token)
        {
            headers.Add(new("X-Amz-Security-Token", token));
        }

        if (v.ContentSha256)
        {
            headers.Add(new("x-amz-content-sha256", Hex(v.Body)));
        }

        var result = SigV4Core.Sign(
            v.Method, v.Path, v.Query, headers, Hex(v.Body),
            SigV4Vector.AccessKeyId, SigV4Vector.SecretAccessKey, SigV4Vector.Region, SigV4Vector.Service,
            SigV4Vector.Time, v.Normalize, doubleEncodePath: true);

        Assert.Equal(v.Header("Authorization"), result.Authorization);
        Assert.Equal(v.Header("X-Amz-Date"), result.AmzDate);
    }

    /// <summary>
    /// The public signer over <see cref="HttpRequestMessage"/>, for every case whose request target a
    /// <see cref="Uri"/> carries unchanged (not the literal space or UTF-8 paths, which are not valid on the wire).
    /// </summary>
    [Theory]
    [MemberData(nameof(VectorNames))]
    public async Task HttpRequestMessage_signer_reproduces_the_suites_headers(string name)
    {
        var v = Vector(name);
        var uri = new Uri("https://example.amazonaws.com" + v.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        if (uri.PathAndQuery != v.Target)
        {
            Assert.Contains(v.Name, new[] { "get-utf8", "get-space-normalized", "get-vanilla-utf8-query" });
            return;
        }

        using var request = new HttpRequestMessage(new HttpMethod(v.Method), uri);
        if (v.Body.Length > 0 || v.HeaderOrNull("Content-Type") is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(v.Body));
        }

        foreach (var (key, value) in v.UnsignedHeaders)
        {
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue; // the signer derives Host from the URI
            }

            if (key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                request.Content!.Headers.ContentLength = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                Assert.True(request.Headers.TryAddWithoutValidation(key, value));
            }
        }

        var signer = new SigV4Signer(SigV4Vector.Service, SigV4Vector.Region, new SigV4SigningOptions
        {
            NormalizePath = v.Normalize,
            AddContentSha256Header = v.ContentSha256,
            SignContentLength = v.SignContentLength,
        });
        var credentials = new AwsCredentials(SigV4Vector.AccessKeyId, SigV4Vector.SecretAccessKey, v.SessionToken);
        var result = await signer.SignAsync(request, credentials, SigV4Vector.Time);

        Assert.Equal(v.Header("Authorization"), result.Authorization);
        Assert.Equal(v.Header("Authorization"), Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal(v.Header("X-Amz-Date"), Assert.Single(request.Headers.GetValues("X-Amz-Date")));
        Assert.Equal("example.amazonaws.com", request.Headers.Host);
        Assert.Equal(v.HeaderOrNull("X-Amz-Security-Token"), request.Headers.TryGetValues("X-Amz-Security-Token", out var t) ? t.Single() : null);
        Assert.Equal(v.HeaderOrNull("x-amz-content-sha256"), request.Headers.TryGetValues("x-amz-content-sha256", out var c) ? c.Single() : null);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Canonical_uri_matches_the_suites_canonical_request(string name)
    {
        var v = Vector(name);
        if (v.Keys.TryGetValue("canonical-uri", out var expected))
        {
            Assert.Equal(expected, SigV4Core.CanonicalUri(v.Path, v.Normalize, doubleEncode: true));
        }
    }

    [Fact]
    public void Botocore_get_space_canonical_request_signs_to_the_published_signature()
    {
        var text = File.ReadAllText(Path.Combine(SigV4Vector.Directory, "botocore-get-space.txt"));
        var creq = Section(text, "--- canonical-request\n", "\n--- authorization");
        var authz = Section(text, "--- authorization\n", null).TrimEnd('\n');
        var stringToSign = $"AWS4-HMAC-SHA256\n20110909T233600Z\n20110909/us-east-1/host/aws4_request\n{Hex(creq)}";
        var key = SigV4Core.SigningKey(SigV4Vector.SecretAccessKey, "20110909", "us-east-1", "host");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        Assert.EndsWith("Signature=" + signature, authz, StringComparison.Ordinal);

        // The same canonical request from its parts: the path /%20/foo double-encoded, headers sorted.
        var result = SigV4Core.Sign("GET", "/%20/foo", "", [new("Host", "host.foo.com"), new("Date", "Mon, 09 Sep 2011 23:36:00 GMT")],
            SigV4Signer.EmptyPayloadHash, SigV4Vector.AccessKeyId, SigV4Vector.SecretAccessKey, "us-east-1", "host",
            new DateTimeOffset(2011, 9, 9, 23, 36, 0, TimeSpan.Zero), normalizePath: true, doubleEncodePath: true);
        Assert.Equal(creq, result.CanonicalRequest);
        Assert.Equal(authz, result.Authorization);
    }

    private static string Section(string text, string start, string? end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var to = end is null ? text.Length : text.IndexOf(end, from, StringComparison.Ordinal);
        return text[from..to];
    }
}
