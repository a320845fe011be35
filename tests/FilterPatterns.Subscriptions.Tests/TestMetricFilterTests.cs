using System.Text.Json;
using FilterPatterns.Subscriptions.Tests.Support;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Spec §8, TestMetricFilter through the facade (TMF-01 … TMF-04), with the API page's request/response examples.</summary>
public sealed class TestMetricFilterTests : IAsyncDisposable
{
    private const string T0 = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 1534";
    private const string T1 = "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /apache_pb.gif HTTP/1.0\" 500 5324";
    private const string T2 = "127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 4355";
    private const string H0 = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534";
    private const string H1 = "127.0.0.1 - frank [10/Oct/2000:13:35:22 -0700] \"GET /about-us/index.html HTTP/1.0\" 200 5324";
    private const string H2 = "127.0.0.1 - frank [10/Oct/2000:13:50:35 -0700] \"GET /apache_pb.gif HTTP/1.0\" 404 4355";
    private const string H3 = "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /products/index.html HTTP/1.0\" 400 1534";
    private const string L0 = "02 May 2014 00:34:12,525 [INFO] Starting the application";
    private const string L1 = "02 May 2014 00:35:14,245 [DEBUG] Database connection established";
    private const string L2 = "02 May 2014 00:34:14,663 [INFO] Executing SQL Query";
    private const string L3 = "02 May 2014 00:34:16,142 [ERROR] Unhanded exception: InvalidQueryException";
    private const string L4 = "02 May 2014 00:34:16,224 [ERROR] Terminating the application";

    private const string Fields7 = """{"$1":"127.0.0.1","$2":"-","$3":"frank","$4":"10/Oct/2000:13:25:15 -0700","$5":"GET /apache_pb.gif HTTP/1.0","$6":"200","$7":"1534"}""";

    /// <summary>The API page's examples: pattern, messages, expected (eventNumber, extractedValues) per match.</summary>
    private static readonly Dictionary<string, (string Pattern, string[] Messages, (int Number, string Values)[] Matches)> s_examples = new()
    {
        ["all fields named"] = ("[ip, identity, user_id, timestamp, request, status_code, size]", [T0, T1, T2],
        [
            (0, """{"$ip":"127.0.0.1","$identity":"-","$user_id":"frank","$timestamp":"10/Oct/2000:13:25:15 -0700","$request":"GET /apache_pb.gif HTTP/1.0","$status_code":"200","$size":"1534"}"""),
            (1, """{"$ip":"127.0.0.1","$identity":"-","$user_id":"frank","$timestamp":"10/Oct/2000:13:35:22 -0700","$request":"GET /apache_pb.gif HTTP/1.0","$status_code":"500","$size":"5324"}"""),
            (2, """{"$ip":"127.0.0.1","$identity":"-","$user_id":"frank","$timestamp":"10/Oct/2000:13:50:35 -0700","$request":"GET /apache_pb.gif HTTP/1.0","$status_code":"200","$size":"4355"}"""),
        ]),
        ["ellipsis then size"] = ("[..., size]", [T0],
        [
            (0, """{"$1":"127.0.0.1","$2":"-","$3":"frank","$4":"10/Oct/2000:13:25:15 -0700","$5":"GET /apache_pb.gif HTTP/1.0","$6":"200","$size":"1534"}"""),
        ]),
        ["no fields"] = ("[]", [T0], [(0, Fields7)]),
        ["successful requests"] = ("[..., status_code=200, size]", [T0, T1, T2],
        [
            (0, """{"$1":"127.0.0.1","$2":"-","$3":"frank","$4":"10/Oct/2000:13:25:15 -0700","$5":"GET /apache_pb.gif HTTP/1.0","$status_code":"200","$size":"1534"}"""),
            (2, """{"$1":"127.0.0.1","$2":"-","$3":"frank","$4":"10/Oct/2000:13:50:35 -0700","$5":"GET /apache_pb.gif HTTP/1.0","$status_code":"200","$size":"4355"}"""),
        ]),
        ["4XX for HTML pages"] = ("[..., request=*.html*, status_code=4*,]", [H0, H1, H2, H3],
        [
            (0, """{"$1":"127.0.0.1","$2":"-","$3":"frank","$4":"10/Oct/2000:13:25:15 -0700","$request":"GET /index.html HTTP/1.0","$status_code":"404","$7":"1534"}"""),
            (3, """{"$1":"127.0.0.1","$2":"-","$3":"frank","$4":"10/Oct/2000:13:25:15 -0700","$request":"GET /products/index.html HTTP/1.0","$status_code":"400","$7":"1534"}"""),
        ]),
        ["[ERROR]"] = ("\"[ERROR]\"", [L0, L1, L2, L3, L4], [(3, "{}"), (4, "{}")]),
        ["[ERROR] and Exception"] = ("\"[ERROR]\" Exception", [L0, L1, L2, L3, L4], [(3, "{}")]),
    };

    private readonly World _world = new();

    public static TheoryData<string> Examples => [.. s_examples.Keys];

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Theory]
    [MemberData(nameof(Examples))]
    public void TMF_03_TMF_04_documented_examples(string example)
    {
        var (pattern, messages, expected) = s_examples[example];
        var response = _world.Sender.TestMetricFilter(new() { FilterPattern = pattern, LogEventMessages = messages });
        Assert.Equal(expected.Select(e => (long)e.Number), response.Matches.Select(m => m.EventNumber));
        for (var i = 0; i < expected.Length; i++)
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(expected[i].Values)!;
            Assert.Equal(messages[expected[i].Number], response.Matches[i].EventMessage);
            Assert.Equal(values.OrderBy(kv => kv.Key, StringComparer.Ordinal), response.Matches[i].ExtractedValues.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    [Theory]
    [InlineData(0, "Member must have length greater than or equal to 1")]
    [InlineData(51, "Member must have length less than or equal to 50")]
    public void TMF_01_message_count_out_of_range(int count, string constraint)
    {
        var e = Assert.Throws<InvalidParameterException>(() =>
            _world.Sender.TestMetricFilter(new() { FilterPattern = "ERROR", LogEventMessages = Enumerable.Repeat("ERROR", count).ToArray() }));
        Assert.StartsWith("1 validation error detected: Value '", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"at 'logEventMessages' failed to satisfy constraint: {constraint}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TMF_02_empty_message()
    {
        var e = Assert.Throws<InvalidParameterException>(() =>
            _world.Sender.TestMetricFilter(new() { FilterPattern = "ERROR", LogEventMessages = ["ok", ""] }));
        Assert.Equal("1 validation error detected: Value '' at 'logEventMessages.2.member' failed to satisfy constraint: Member must have length greater than or equal to 1", e.Message);
    }

    [Fact]
    public void Invalid_pattern_is_InvalidParameter_with_AWS_message()
    {
        var e = Assert.Throws<InvalidParameterException>(() =>
            _world.Sender.TestMetricFilter(new() { FilterPattern = "{ $.a = 1", LogEventMessages = ["x"] }));
        Assert.Equal("If a filter pattern starts with '{' it must end with '}'", e.Message);
    }
}
