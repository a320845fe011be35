using System.CommandLine;
using System.Globalization;
using System.Text;

namespace FilterPatterns.Cli;

/// <summary>
/// <c>filterpatterns test-metric-filter</c>: the offline twin of <c>aws logs test-metric-filter</c>, with the same
/// request limits and the same response JSON.
/// </summary>
internal static class TestMetricFilterCommand
{
    /// <summary>TestMetricFilter accepts 1 to 50 messages of at least one character (API reference).</summary>
    public const int MaxMessages = 50;

    public static Command Create(CliConsole console)
    {
        var pattern = new Option<string>("--filter-pattern")
        {
            Description = "The filter pattern to test (may be empty: matches everything).",
            Required = true,
        };
        var messages = new Option<string[]>("--log-event-messages")
        {
            Description = "The log event messages to test, one per argument.",
            AllowMultipleArgumentsPerToken = true,
        };
        var file = new Option<FileInfo>("--log-event-messages-file")
        {
            Description = "A file with one log event message per line.",
        };
        var noLimits = new Option<bool>("--no-api-limits")
        {
            Description = "Accept more than 50 messages and empty messages (AWS rejects both).",
        };

        var command = new Command("test-metric-filter", "Test a filter pattern against log event messages and print what `aws logs test-metric-filter` prints.")
        {
            pattern,
            messages,
            file,
            noLimits,
        };
        command.SetAction(result => Run(
            console,
            result.GetValue(pattern)!,
            result.GetResult(messages) is null ? null : result.GetValue(messages) ?? [],
            result.GetResult(file) is null ? null : result.GetValue(file),
            result.GetValue(noLimits)));
        return command;
    }

    public static int Run(CliConsole console, string patternText, string[]? messages, FileInfo? file, bool noLimits)
    {
        if ((messages is null) == (file is null))
        {
            console.Error.WriteLine("filterpatterns: give either --log-event-messages or --log-event-messages-file");
            return Cli.InvalidParameter;
        }

        if (file is not null)
        {
            try
            {
                messages = ReadLines(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"filterpatterns: cannot read '{file.FullName}': {e.Message}");
                return Cli.FileError;
            }
        }

        if (!noLimits && Validate(messages!) is { } problem)
        {
            console.Error.WriteLine($"InvalidParameterException: {problem}");
            return Cli.InvalidParameter;
        }

        if (Cli.ParseOrReport(console, patternText) is not { } filter)
        {
            return Cli.InvalidParameter;
        }

        var json = AwsCliJson.Indented(w => w.Object(
        [
            new("matches", w => w.Array(Matches(filter, messages!))),
        ]));
        var bytes = Encoding.UTF8.GetBytes(json + "\n");
        console.Output.Write(bytes);
        console.Output.Flush();
        return Cli.Success;
    }

    private static IEnumerable<Action<AwsCliJson>> Matches(FilterPattern filter, string[] messages)
    {
        for (var i = 0; i < messages.Length; i++)
        {
            var match = filter.Match(messages[i]);
            if (match.IsMatch)
            {
                yield return MatchJson(i, messages[i], match.ExtractedValues);
            }
        }
    }

    /// <summary>One element of TestMetricFilter's <c>matches</c>.</summary>
    public static Action<AwsCliJson> MatchJson(long eventNumber, string message, IReadOnlyDictionary<string, string> extracted) =>
        w => w.Object(
        [
            new("eventNumber", w => w.Number(eventNumber)),
            new("eventMessage", w => w.String(message)),
            new("extractedValues", w => w.Object(extracted.Select(kv => new KeyValuePair<string, Action<AwsCliJson>>(kv.Key, w => w.String(kv.Value))))),
        ]);

    private static string? Validate(string[] messages)
    {
        if (messages.Length is 0 or > MaxMessages)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"1 validation error detected: Value at 'logEventMessages' failed to satisfy constraint: Member must have length {(messages.Length == 0 ? "greater than or equal to 1" : $"less than or equal to {MaxMessages}")} (got {messages.Length}; --no-api-limits lifts this)");
        }

        var empty = Array.FindIndex(messages, static m => m.Length == 0);
        return empty < 0
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"1 validation error detected: Value at 'logEventMessages.{empty + 1}.member' failed to satisfy constraint: Member must have length greater than or equal to 1");
    }

    // One message per line; "\r\n" endings are accepted; a final newline does not add an empty message.
    private static string[] ReadLines(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        return text.Length == 0 ? [] : [.. text.Split('\n').Select(static l => l.EndsWith('\r') ? l[..^1] : l)];
    }
}
