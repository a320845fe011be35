using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace FilterPatterns.Cli;

/// <summary>
/// <c>filterpatterns grep PATTERN [FILE ...]</c>: prints the lines (log events) a filter pattern matches. Lines are
/// matched as UTF-8 bytes, without decoding.
/// </summary>
internal static class GrepCommand
{
    /// <summary>Inputs at least this large show a progress bar when standard error is a terminal.</summary>
    public const long ProgressThreshold = 16L << 20;

    public static Command Create(CliConsole console)
    {
        var pattern = new Argument<string>("pattern") { Description = "The filter pattern (quote it for the shell)." };
        var files = new Argument<string[]>("files")
        {
            Description = "Log files, one event per line; none or '-' reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var count = new Option<bool>("--count", "-c") { Description = "Print only the number of matching lines." };
        var invert = new Option<bool>("--invert-match", "-v") { Description = "Select the lines that do not match." };
        var lineNumbers = new Option<bool>("--line-number", "-n") { Description = "Prefix each line with its 1-based line number." };
        var json = new Option<bool>("--json")
        {
            Description = "Print each match as a TestMetricFilter match object (eventNumber, eventMessage, extractedValues), one per line.",
        };

        var command = new Command("grep", "Print the log lines a filter pattern matches.")
        {
            pattern,
            files,
            count,
            invert,
            lineNumbers,
            json,
        };
        command.SetAction(result => Run(
            console,
            result.GetValue(pattern)!,
            result.GetValue(files) ?? [],
            new GrepOptions(result.GetValue(count), result.GetValue(invert), result.GetValue(lineNumbers), result.GetValue(json))));
        return command;
    }

    public static int Run(CliConsole console, string patternText, string[] files, GrepOptions options)
    {
        if (Cli.ParseOrReport(console, patternText) is not { } filter)
        {
            return Cli.InvalidParameter;
        }

        if (files.Length == 0)
        {
            files = ["-"];
        }

        var exit = Cli.Success;
        using var output = new BufferedStream(console.Output, 1 << 16);
        var showNames = files.Length > 1;
        foreach (var file in files)
        {
            try
            {
                using var input = file == "-" ? console.Input : File.OpenRead(file);
                var matches = Search(console, filter, input, file, showNames, options, output);
                if (options.Count)
                {
                    WriteText(output, showNames ? $"{file}:{matches}\n" : $"{matches}\n");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.Flush();
                console.Error.WriteLine($"filterpatterns: cannot read '{file}': {e.Message}");
                exit = Cli.FileError;
            }
        }

        output.Flush();
        return exit;
    }

    private static long Search(CliConsole console, FilterPattern filter, Stream input, string name, bool showName, GrepOptions options, Stream output)
    {
        long matches = 0;
        void OnLine(ReadOnlySpan<byte> line, long index)
        {
            if (filter.IsMatch(line) == options.Invert)
            {
                return;
            }

            matches++;
            if (options.Count)
            {
                return;
            }

            if (options.Json)
            {
                var message = Encoding.UTF8.GetString(line);
                var extracted = options.Invert ? new Dictionary<string, string>() : filter.Match(line).ExtractedValues;
                var json = AwsCliJson.Compact(w => TestMetricFilterCommand.MatchJson(index, message, extracted)(w));
                WriteText(output, (showName ? json[..^1] + $",\"file\":{Quote(name)}}}" : json) + "\n");
                return;
            }

            if (showName)
            {
                WriteText(output, name + ":");
            }

            if (options.LineNumbers)
            {
                WriteText(output, (index + 1).ToString(CultureInfo.InvariantCulture) + ":");
            }

            output.Write(line);
            output.WriteByte((byte)'\n');
        }

        // Plain output and counts need only the matching lines: match whole runs of lines at once, jumping between
        // the pattern's literal candidates. Inverted, numbered and JSON output visit every line.
        var batch = !options.Invert && !options.LineNumbers && !options.Json;
        void OnChunk(ReadOnlySpan<byte> lines)
        {
            foreach (var match in filter.EnumerateMatchingLines(lines))
            {
                matches++;
                if (options.Count)
                {
                    continue;
                }

                if (showName)
                {
                    WriteText(output, name + ":");
                }

                output.Write(lines.Slice(match.Start, match.Length));
                output.WriteByte((byte)'\n');
            }
        }

        void Read(Action<long>? progress)
        {
            if (batch)
            {
                LineReader.ForEachChunk(input, OnChunk, progress);
            }
            else
            {
                LineReader.ForEachLine(input, OnLine, progress);
            }
        }

        var length = input.CanSeek ? input.Length : -1;
        if (console.StderrIsTerminal && length >= ProgressThreshold)
        {
            // Spectre judges interactivity from stdout, which is often redirected (`grep P big.log > out`);
            // the caller has already established that stderr, where the bar goes, is a terminal.
            var terminal = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(console.Error),
                Interactive = InteractionSupport.Yes,
            });
            terminal.Progress().Start(context =>
            {
                var task = context.AddTask(Markup.Escape(Path.GetFileName(name)), maxValue: length);
                Read(read => task.Value = read);
            });
        }
        else
        {
            Read(null);
        }

        return matches;
    }

    private static string Quote(string text) => AwsCliJson.Compact(w => w.String(text));

    private static void WriteText(Stream output, string text) => output.Write(Encoding.UTF8.GetBytes(text));
}

/// <summary>The flags of <c>grep</c>.</summary>
internal readonly record struct GrepOptions(bool Count, bool Invert, bool LineNumbers, bool Json);
