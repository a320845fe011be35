using System.Net.Http.Headers;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using FilterPatterns.Destinations.Aws.Credentials;
using FilterPatterns.Destinations.Aws.Signing;
using FilterPatterns.Destinations.Aws.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace FilterPatterns.Destinations.Aws.Tests.Signing;

/// <summary>Properties of the signer over generated requests, checked against AWSSDK.Core and the test's own verifier.</summary>
public sealed class SigV4PropertyTests
{
    /// <summary>A fixed seed keeps the runs repeatable; 200 cases each.</summary>
    internal static readonly Config Repeatable = Config.QuickThrowOnFailure
        .WithMaxTest(200)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20150830UL), FSharpOption<int>.None)));

    private static readonly string[] s_pieces = ["a", "Z", "0", "-", "_", ".", "~", " ", "+", "=", "&", "/", "%", ":", "@", "é", "ሴ", "😀", "!", "*", "'", "(", ")", "\"", ",", ";"];

    private static Gen<string> Text(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.Elements(s_pieces).ArrayOf(n)).Select(parts => string.Concat(parts));

    private static Gen<string> Token(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()).ArrayOf(n)).Select(c => new string(c));

    private sealed record GeneratedRequest(string Method, string[] Segments, (string Name, string Value)[] Query, (string Name, string Value)[] Headers, byte[] Body);

    private static readonly Gen<GeneratedRequest> s_requests =
        from method in Gen.Elements("GET", "POST", "PUT", "DELETE")
        from segments in Text(1, 6).ArrayOf().Select(a => a.Take(4).ToArray())
        from query in Gen.Zip(Text(0, 5), Text(0, 5)).ArrayOf().Select(a => a.Take(5).ToArray())
        from headers in Gen.Zip(Token(1, 8).Select(t => "x-test-" + t), Gen.Elements("v", " padded ", "a   b\tc", "\"q  q\"", "UPPER", "é")).ArrayOf().Select(a => a.Take(4).ToArray())
        from body in Gen.Choose(0, 64).SelectMany(n => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(n))
        select new GeneratedRequest(method, segments, query, headers, body);

    private static HttpRequestMessage ToHttpRequest(GeneratedRequest r)
    {
        var path = "/" + string.Join('/', r.Segments.Select(Uri.EscapeDataString));
        var query = string.Join('&', r.Query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
        var uri = new Uri("https://kinesis.eu-west-1.amazonaws.com:8443" + path + (query.Length > 0 ? "?" + query : ""));
        var message = new HttpRequestMessage(new HttpMethod(r.Method), uri);
        foreach (var (name, value) in r.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (r.Body.Length > 0)
        {
            message.Content = new ByteArrayContent(r.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        return message;
    }

    private static ReceivedRequest AsReceived(HttpRequestMessage message, byte[] body)
    {
        var headers = message.Headers.NonValidated.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v)))
            .Concat(message.Content?.Headers.NonValidated.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))) ?? [])
            .ToList();
        return new ReceivedRequest(message.Method.Method, message.RequestUri!.PathAndQuery, headers, body);
    }

    [Fact]
    public void Every_generated_request_passes_the_independent_verifier()
    {
        var credentials = new AwsCredentials(FakeAws.AccessKey, FakeAws.SecretKey, FakeAws.SessionToken);
        var signer = new SigV4Signer("kinesis", FakeAws.Region);
        var expectation = new SigV4Verifier.Expectation("kinesis", FakeAws.Region, FakeAws.Keys, TimeProvider.System);
        var property = Prop.ForAll(s_requests.ToArbitrary(), r =>
        {
            using var message = ToHttpRequest(r);
            signer.SignAsync(message, credentials, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
            Assert.Null(SigV4Verifier.Verify(AsReceived(message, r.Body), expectation));
        });
        Check.One(Repeatable, property);
    }

    [Fact]
    public void Signatures_agree_with_AWSSDK_Core_for_every_canonical_request()
    {
        var immutable = new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
        var property = Prop.ForAll(s_requests.ToArbitrary(), Gen.Choose(0, 3_000_000).ToArbitrary(), (r, minutes) =>
        {
            var time = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minutes);
            var headers = r.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))
                .Append(new("Host", "example.amazonaws.com")).Append(new("X-Amz-Date", time.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
            var path = "/" + string.Join('/', r.Segments.Select(Uri.EscapeDataString));
            var query = string.Join('&', r.Query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
            var ours = SigV4Core.Sign(r.Method, path, query, headers, SigV4Signer.HashPayload(r.Body), immutable.AccessKey, immutable.SecretKey,
                "ap-southeast-2", "firehose", time, normalizePath: true, doubleEncodePath: true);
            var sdk = AWS4Signer.ComputeSignature(immutable, "ap-southeast-2", time.UtcDateTime, "firehose", ours.SignedHeaders, ours.CanonicalRequest);
            Assert.Equal(sdk.Signature, ours.Signature);
            Assert.Equal(sdk.ForAuthorizationHeader, ours.Authorization);
        });
        Check.One(Repeatable, property);
    }

    [Fact]
    public void The_canonical_query_does_not_depend_on_parameter_order()
    {
        var gen = Gen.Zip(Text(0, 4), Text(0, 4)).NonEmptyListOf().SelectMany(list => Gen.Shuffle(list.ToArray()).Select(shuffled => (list: list.ToArray(), shuffled)));
        var property = Prop.ForAll(gen.ToArbitrary(), pair =>
        {
            static string Raw(IEnumerable<(string, string)> q) => string.Join('&', q.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
            var canonical = SigV4Core.CanonicalQuery(Raw(pair.list));
            Assert.Equal(canonical, SigV4Core.CanonicalQuery(Raw(pair.shuffled)));
            Assert.DoesNotContain('+', canonical);
            Assert.DoesNotContain(' ', canonical);
        });
        Check.One(Repeatable, property);
    }

    [Fact]
    public void Uri_encoding_round_trips_and_leaves_only_unreserved_characters()
    {
        var property = Prop.ForAll(Text(0, 12).ToArbitrary(), s =>
        {
            var encoded = SigV4Core.UriEncode(s);
            Assert.Equal(s, SigV4Core.PercentDecode(encoded));
            Assert.Equal(Uri.EscapeDataString(s), encoded);
            Assert.All(encoded, c => Assert.True(char.IsAsciiLetterOrDigit(c) || "-._~%".Contains(c), encoded));
        });
        Check.One(Repeatable, property);
    }

    [Fact]
    public void Signing_again_replaces_the_previous_signature_headers()
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "https://firehose.us-east-1.amazonaws.com/") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}")) };
        var signer = new SigV4Signer("firehose", "us-east-1", new SigV4SigningOptions { AddContentSha256Header = true });
        var credentials = new AwsCredentials("AKID", "secret", "token");
        var first = signer.Sign(message, credentials, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), SigV4Signer.HashPayload("{}"u8));
        var second = signer.Sign(message, credentials, new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero), SigV4Signer.HashPayload("{}"u8));

        Assert.NotEqual(first.Signature, second.Signature);
        Assert.Equal(second.Authorization, Assert.Single(message.Headers.GetValues("Authorization")));
        Assert.Single(message.Headers.GetValues("X-Amz-Date"));
        Assert.Single(message.Headers.GetValues("X-Amz-Security-Token"));
        Assert.Single(message.Headers.GetValues("x-amz-content-sha256"));
        Assert.Equal("host;x-amz-content-sha256;x-amz-date;x-amz-security-token", second.SignedHeaders);
    }
}
