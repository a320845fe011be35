using System.CommandLine;
using System.Text;

namespace FilterPatterns.Cli;

/// <summary>Exit codes and the command tree of <c>filterpatterns</c>.</summary>
internal static class Cli
{
    /// <summary>Success (whether or not anything matched).</summary>
    public const int Success = 0;

    /// <summary>An input file could not be read.</summary>
    public const int FileError = 1;

    /// <summary>The pattern was rejected (InvalidParameterException), or the command line is wrong.</summary>
    public const int InvalidParameter = 2;

    public static int Run(string[] args, CliConsole console)
    {
        var root = new RootCommand("Amazon CloudWatch Logs filter patterns, offline: test patterns like `aws logs test-metric-filter` and grep logs with them.")
        {
            TestMetricFilterCommand.Create(console),
            GrepCommand.Create(console),
        };

        var output = new StreamWriter(console.Output, new UTF8Encoding(false), leaveOpen: true) { AutoFlush = true };
        var result = root.Parse(args);
        var exit = result.Invoke(new InvocationConfiguration { Output = output, Error = console.Error });

        // System.CommandLine reports its own parse errors with exit code 1; ours are usage errors.
        return result.Errors.Count > 0 ? InvalidParameter : exit;
    }

    /// <summary>Parses <paramref name="text"/>, or reports why it was rejected (then returns null: exit with <see cref="InvalidParameter"/>).</summary>
    public static FilterPattern? ParseOrReport(CliConsole console, string text)
    {
        if (FilterPattern.TryParse(text, FilterPatternOptions.Default, out var pattern, out var error))
        {
            return pattern;
        }

        WritePatternError(console.Error, error);
        return null;
    }

    /// <summary>
    /// Writes a rejected pattern the way the AWS CLI reports it, followed by the pattern and a caret under the
    /// offending position.
    /// </summary>
    public static void WritePatternError(TextWriter error, FilterPatternException exception)
    {
        error.WriteLine($"{FilterPatternException.AwsErrorCode}: {exception.Message}");
        var pattern = exception.Pattern;
        if (pattern.Length == 0 || exception.Error == FilterPatternError.PatternTooLong)
        {
            return;
        }

        // One column per UTF-16 unit: blanks and control characters are echoed as spaces so the caret lines up.
        var echo = new StringBuilder(pattern.Length);
        foreach (var c in pattern)
        {
            echo.Append(char.IsControl(c) ? ' ' : c);
        }

        error.WriteLine("  " + echo);
        var marker = new string(' ', exception.Offset) + "^" + new string('~', Math.Max(0, exception.Length - 1));
        error.WriteLine("  " + marker);
    }
}
