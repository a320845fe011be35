using System.Text;

namespace FilterPatterns.Destinations.Aws.Tests.Signing;

/// <summary>One case of the AWS SigV4 test suite, parsed from TestData/SigV4 (see the README there).</summary>
public sealed class SigV4Vector
{
    public const string AccessKeyId = "AKIDEXAMPLE";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Region = "us-east-1";
    public const string Service = "service";
    public static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private static readonly string[] s_signerHeaders = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];

    public required string Name { get; init; }
    public required IReadOnlyDictionary<string, string> Keys { get; init; }
    public required string Method { get; init; }
    public required string Target { get; init; }
    public required IReadOnlyList<KeyValuePair<string, string>> SignedRequestHeaders { get; init; }
    public required string Body { get; init; }

    public bool Normalize => !Keys.TryGetValue("normalize", out var v) || v == "true";
    public string? SessionToken => Keys.GetValueOrDefault("session-token");
    public bool ContentSha256 => Keys.GetValueOrDefault("content-sha256") == "true";
    public bool SignContentLength => Keys.GetValueOrDefault("sign-content-length") == "true";
    public string Path => Target.Split('?', 2)[0];
    public string Query => Target.Contains('?', StringComparison.Ordinal) ? Target.Split('?', 2)[1] : "";

    public string Header(string name) =>
        SignedRequestHeaders.Single(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string? HeaderOrNull(string name) =>
        SignedRequestHeaders.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    /// <summary>The request as it was before signing: without the headers the signer adds.</summary>
    public IEnumerable<KeyValuePair<string, string>> UnsignedHeaders =>
        SignedRequestHeaders.Where(h => !s_signerHeaders.Contains(h.Key.ToLowerInvariant()));

    public override string ToString() => Name;

    public static string Directory => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", "SigV4");

    public static IEnumerable<SigV4Vector> All() =>
        System.IO.Directory.GetFiles(Directory, "*.txt")
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith("botocore-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Load);

    public static SigV4Vector Load(string file)
    {
        var text = File.ReadAllText(file, Encoding.UTF8);
        var marker = "--- signed-request\n";
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text[..at].Split('\n'))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            keys[line[..colon]] = line[(colon + 2)..];
        }

        var request = text[(at + marker.Length)..];
        var headerEnd = request.IndexOf("\n\n", StringComparison.Ordinal);
        var head = request[..headerEnd].Split('\n');
        var body = request[(headerEnd + 2)..];
        var requestLine = head[0];
        var firstSpace = requestLine.IndexOf(' ', StringComparison.Ordinal);
        var lastSpace = requestLine.LastIndexOf(' ');
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new SigV4Vector
        {
            Name = System.IO.Path.GetFileNameWithoutExtension(file),
            Keys = keys,
            Method = requestLine[..firstSpace],
            Target = requestLine[(firstSpace + 1)..lastSpace],
            SignedRequestHeaders = headers,
            Body = body,
        };
    }
}
