using System.Globalization;
using System.Text;

namespace FilterPatterns.Benchmarks.Workloads;

/// <summary>
/// Deterministic synthetic log events (the project's own, licence-free): application text logs, CloudTrail-like JSON,
/// Apache access logs and VPC flow logs. They feed the bundled sample (<c>samples/app.log</c>) and stand in for
/// <c>shared/corpus</c> in the benchmarks when that folder is absent.
/// </summary>
public static class SyntheticLogs
{
    private static readonly string[] s_levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"];
    private static readonly string[] s_services = ["api", "worker", "auth", "billing", "scheduler"];
    private static readonly string[] s_users = ["alice", "bob", "carol", "dave", "erin", "-"];
    private static readonly string[] s_paths = ["/index.html", "/orders/{0}", "/api/v1/users/{0}", "/static/app.js", "/login", "/health"];
    private static readonly string[] s_eventNames = ["ConsoleLogin", "GetObject", "PutObject", "AssumeRole", "DescribeInstances", "UpdateTrail", "CreateUser", "DeleteBucket"];
    private static readonly string[] s_errorCodes = ["AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException", "NoSuchKey"];

    private static readonly DateTime s_start = new(2026, 11, 22, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>One application log line, e.g. <c>2026-11-22T10:00:01.123Z ERROR [worker] Task timed out after 30.00 seconds</c>.</summary>
    public static string TextLine(Random random, int i)
    {
        var time = s_start.AddMilliseconds(i * 137L).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var level = s_levels[random.Next(s_levels.Length)];
        var service = s_services[random.Next(s_services.Length)];
        var message = (level, random.Next(6)) switch
        {
            ("ERROR", 0) => $"Task timed out after {random.Next(3, 60)}.00 seconds",
            ("ERROR", 1) => $"Unhandled exception: System.InvalidOperationException: Sequence contains no elements at Orders.Load(Int32 id={random.Next(1000)})",
            ("ERROR", _) => $"request failed status={500 + random.Next(4)} path=/orders/{random.Next(10_000)} latency={random.Next(1, 5000)}ms",
            ("WARN", 0) => $"Retrying connection to db-{random.Next(3)}.internal:5432 (attempt {random.Next(1, 5)})",
            ("WARN", _) => $"slow request path=/api/v1/users/{random.Next(10_000)} latency={random.Next(500, 3000)}ms",
            ("DEBUG", _) => $"cache miss key=user:{random.Next(10_000)}",
            _ => $"GET /orders/{random.Next(10_000)} 200 {random.Next(1, 200)}ms user={s_users[random.Next(s_users.Length)]}",
        };
        return $"{time} {level} [{service}] {message}";
    }

    /// <summary>One CloudTrail-like record as compact JSON (key order as CloudTrail writes it).</summary>
    public static string CloudTrailJson(Random random, int i)
    {
        var name = s_eventNames[random.Next(s_eventNames.Length)];
        var failed = random.Next(8) == 0;
        var builder = new StringBuilder(700);
        builder.Append(CultureInfo.InvariantCulture, $$"""{"eventVersion":"1.08","userIdentity":{"type":"{{(random.Next(3) == 0 ? "AssumedRole" : "IAMUser")}}","principalId":"AIDA{{random.Next(100_000_000):D9}}EXAMPLE","arn":"arn:aws:iam::123456789012:user/{{s_users[random.Next(5)]}}","accountId":"123456789012","accessKeyId":"AKIA{{random.Next(100_000_000):D9}}EXAMPLE","userName":"{{s_users[random.Next(5)]}}"},""");
        builder.Append('"').Append(CultureInfo.InvariantCulture, $$"""eventTime":"{{s_start.AddSeconds(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","eventSource":"{{(name.Contains("Object", StringComparison.Ordinal) || name.Contains("Bucket", StringComparison.Ordinal) ? "s3" : name == "ConsoleLogin" ? "signin" : "iam")}}.amazonaws.com","eventName":"{{name}}","awsRegion":"us-east-1","sourceIPAddress":"{{random.Next(1, 255)}}.{{random.Next(256)}}.{{random.Next(256)}}.{{random.Next(256)}}","userAgent":"aws-cli/2.15.{{random.Next(40)}} Python/3.11.6 Linux/6.1 exe/x86_64",""");
        if (failed)
        {
            builder.Append('"').Append(CultureInfo.InvariantCulture, $$"""errorCode":"{{s_errorCodes[random.Next(s_errorCodes.Length)]}}","errorMessage":"User is not authorized to perform this operation",""");
        }

        builder.Append('"').Append(CultureInfo.InvariantCulture, $$"""requestParameters":{"bucketName":"logs-{{random.Next(20)}}","key":"2026/11/{{random.Next(1, 30):D2}}/part-{{random.Next(1000):D4}}.gz"},"responseElements":{{(name == "ConsoleLogin" ? $$"""{"ConsoleLogin":"{{(failed ? "Failure" : "Success")}}"}""" : "null")}},"additionalEventData":{"MFAUsed":"{{(random.Next(2) == 0 ? "Yes" : "No")}}","bytesTransferredIn":{{random.Next(100_000)}}},"requestID":"{{random.Next():X8}}-{{random.Next(65536):X4}}","eventID":"{{random.Next():X8}}-{{random.Next(65536):X4}}-{{random.Next(65536):X4}}","readOnly":{{(name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("Describe", StringComparison.Ordinal) ? "true" : "false")}},"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"}""");
        return builder.ToString();
    }

    /// <summary>One Apache combined-format access log line.</summary>
    public static string AccessLine(Random random, int i)
    {
        var time = s_start.AddSeconds(i).ToString("dd/MMM/yyyy:HH:mm:ss +0000", CultureInfo.InvariantCulture);
        var path = string.Format(CultureInfo.InvariantCulture, s_paths[random.Next(s_paths.Length)], random.Next(10_000));
        var status = random.Next(20) switch { 0 => 500, 1 or 2 => 404, 3 => 403, 4 => 301, _ => 200 };
        var size = status == 301 ? "-" : random.Next(100, 60_000).ToString(CultureInfo.InvariantCulture);
        return $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)} - {s_users[random.Next(s_users.Length)]} [{time}] \"{(random.Next(5) == 0 ? "POST" : "GET")} {path} HTTP/1.1\" {status} {size} \"-\" \"Mozilla/5.0 (X11; Linux x86_64) Firefox/1{random.Next(10, 40)}.0\"";
    }

    /// <summary>One VPC flow log record in the default version 2 format.</summary>
    public static string VpcFlowLine(Random random, int i)
    {
        var start = 1_763_805_600 + i;
        var action = random.Next(10) == 0 ? "REJECT" : "ACCEPT";
        int[] ports = [443, 80, 22, 3389, 5432, 53];
        return $"2 123456789012 eni-{random.Next():x8}{random.Next(16):x1} 10.0.{random.Next(256)}.{random.Next(256)} 172.31.{random.Next(256)}.{random.Next(256)} {ports[random.Next(ports.Length)]} {random.Next(1024, 65536)} {(random.Next(6) == 0 ? 17 : 6)} {random.Next(1, 200)} {random.Next(40, 900_000)} {start} {start + 60} {action} OK";
    }

    public static IEnumerable<string> Lines(Func<Random, int, string> line, int count, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return line(random, i);
        }
    }

    /// <summary>The bundled sample: application lines with CloudTrail JSON, access and flow log lines mixed in.</summary>
    public static IEnumerable<string> Mixed(int count, int seed = 20261122)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return (i % 10) switch
            {
                3 or 7 => CloudTrailJson(random, i),
                5 => AccessLine(random, i),
                9 => VpcFlowLine(random, i),
                _ => TextLine(random, i),
            };
        }
    }

    /// <summary>Writes <c>app.log</c>, the sample the README runs, into <paramref name="directory"/>.</summary>
    public static void WriteSamples(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "app.log"), SampleText(), new UTF8Encoding(false));
    }

    /// <summary>The exact content of <c>samples/app.log</c>.</summary>
    public static string SampleText() => string.Join('\n', Mixed(2000)) + "\n";
}
