using System.Text;
using FilterPatterns.Cli;

namespace FilterPatterns.Tests.Cli;

/// <summary>The command line, run in-process through the same entry point as the executable.</summary>
public sealed class CliTests
{
    private static (int Exit, string Stdout, string Stderr) Run(string stdin, params string[] args)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(stdin));
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = FilterPatterns.Cli.Cli.Run(args, new CliConsole(input, output, error, StderrIsTerminal: false));
        return (exit, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    [Fact]
    public void Test_metric_filter_prints_what_the_AWS_CLI_prints()
    {
        var (exit, stdout, stderr) = Run(string.Empty, "test-metric-filter",
            "--filter-pattern", "[..., size]",
            "--log-event-messages", "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534", "bad\tline ok", "x");
        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        const string expected = """
            {
                "matches": [
                    {
                        "eventNumber": 0,
                        "eventMessage": "127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] \"GET /index.html HTTP/1.0\" 404 1534",
                        "extractedValues": {
                            "$1": "127.0.0.1",
                            "$2": "-",
                            "$3": "frank",
                            "$4": "10/Oct/2000:13:25:15 -0700",
                            "$5": "GET /index.html HTTP/1.0",
                            "$6": "404",
                            "$size": "1534"
                        }
                    },
                    {
                        "eventNumber": 1,
                        "eventMessage": "bad\tline ok",
                        "extractedValues": {
                            "$1": "bad\tline",
                            "$size": "ok"
                        }
                    },
                    {
                        "eventNumber": 2,
                        "eventMessage": "x",
                        "extractedValues": {
                            "$size": "x"
                        }
                    }
                ]
            }

            """;
        Assert.Equal(expected, stdout);
    }

    [Fact]
    public void Test_metric_filter_prints_empty_matches_and_empty_extracted_values()
    {
        var (exit, stdout, _) = Run(string.Empty, "test-metric-filter", "--filter-pattern", "ERROR", "--log-event-messages", "WARN", "ERROR é");
        Assert.Equal(0, exit);
        Assert.Contains("\"eventNumber\": 1,", stdout, StringComparison.Ordinal);
        Assert.Contains("\"eventMessage\": \"ERROR é\",", stdout, StringComparison.Ordinal);
        Assert.Contains("\"extractedValues\": {}", stdout, StringComparison.Ordinal);
        Assert.Equal("{\n    \"matches\": []\n}\n", Run(string.Empty, "test-metric-filter", "--filter-pattern", "ERROR", "--log-event-messages", "WARN").Stdout);
    }

    [Fact]
    public void Test_metric_filter_reads_a_messages_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "one ERROR\r\ntwo\nthree ERROR\n");
            var (exit, stdout, _) = Run(string.Empty, "test-metric-filter", "--filter-pattern", "ERROR", "--log-event-messages-file", file);
            Assert.Equal(0, exit);
            Assert.Contains("\"eventNumber\": 0,", stdout, StringComparison.Ordinal);
            Assert.Contains("\"eventNumber\": 2,", stdout, StringComparison.Ordinal);
            Assert.Contains("\"eventMessage\": \"one ERROR\",", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Test_metric_filter_applies_the_API_limits(int count)
    {
        var args = new List<string> { "test-metric-filter", "--filter-pattern", "x" };
        if (count > 0)
        {
            args.Add("--log-event-messages");
            args.AddRange(Enumerable.Repeat("m", count));
        }
        else
        {
            var empty = Path.GetTempFileName();
            args.AddRange(["--log-event-messages-file", empty]);
        }

        var (exit, _, stderr) = Run(string.Empty, [.. args]);
        Assert.Equal(2, exit);
        Assert.StartsWith("InvalidParameterException: 1 validation error detected", stderr, StringComparison.Ordinal);
        if (count > 0)
        {
            Assert.Equal(0, Run(string.Empty, [.. args, "--no-api-limits"]).Exit);
        }
    }

    [Fact]
    public void Invalid_pattern_exits_2_with_a_caret_under_the_problem()
    {
        var (exit, stdout, stderr) = Run(string.Empty, "test-metric-filter", "--filter-pattern", "{ $.a = 1 ) }", "--log-event-messages", "x");
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var lines = stderr.Split('\n');
        Assert.Equal("InvalidParameterException: Invalid filter pattern: ')' closes no '(' (at offset 10)", lines[0]);
        Assert.Equal("  { $.a = 1 ) }", lines[1]);
        Assert.Equal("            ^", lines[2]);

        (exit, _, stderr) = Run(string.Empty, "grep", "ERROR foo@bar");
        Assert.Equal(2, exit);
        Assert.Equal("  ERROR foo@bar\n        ^~~~~~~\n", string.Join('\n', stderr.Split('\n').Skip(1)));
    }

    [Fact]
    public void Grep_prints_matching_lines_from_stdin()
    {
        var (exit, stdout, _) = Run("ERROR one\nWARN two\r\nERROR ARGUMENTS three\nlast ERROR", "grep", "ERROR -ARGUMENTS");
        Assert.Equal(0, exit);
        Assert.Equal("ERROR one\nlast ERROR\n", stdout);
    }

    [Fact]
    public void Grep_counts_inverts_and_numbers()
    {
        const string input = "ERROR one\nWARN two\nERROR three\n";
        Assert.Equal("2\n", Run(input, "grep", "-c", "ERROR").Stdout);
        Assert.Equal("WARN two\n", Run(input, "grep", "-v", "ERROR").Stdout);
        Assert.Equal("1:ERROR one\n3:ERROR three\n", Run(input, "grep", "-n", "ERROR").Stdout);
        Assert.Equal("0\n", Run(input, "grep", "--count", "NOTHING").Stdout);
    }

    [Fact]
    public void Grep_json_prints_one_match_object_per_line()
    {
        var (exit, stdout, _) = Run("a 1\nb 2\n", "grep", "--json", "[name, n > 1]");
        Assert.Equal(0, exit);
        Assert.Equal("{\"eventNumber\":1,\"eventMessage\":\"b 2\",\"extractedValues\":{\"$name\":\"b\",\"$n\":\"2\"}}\n", stdout);
    }

    [Fact]
    public void Grep_reads_files_and_names_them_when_there_are_several()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            var one = Path.Combine(dir.FullName, "one.log");
            var two = Path.Combine(dir.FullName, "two.log");
            File.WriteAllText(one, "ERROR a\nok\n");
            File.WriteAllText(two, "ERROR b\n");
            Assert.Equal("ERROR a\n", Run(string.Empty, "grep", "ERROR", one).Stdout);
            Assert.Equal($"{one}:ERROR a\n{two}:ERROR b\n", Run(string.Empty, "grep", "ERROR", one, two).Stdout);
            Assert.Equal($"{one}:1\n{two}:1\n", Run(string.Empty, "grep", "-c", "ERROR", one, two).Stdout);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unreadable_file_is_reported_and_exits_1_after_the_other_files()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "ERROR here\n");
            var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".log");
            var (exit, stdout, stderr) = Run(string.Empty, "grep", "ERROR", missing, file);
            Assert.Equal(1, exit);
            Assert.Contains($"{file}:ERROR here", stdout, StringComparison.Ordinal);
            Assert.StartsWith($"filterpatterns: cannot read '{missing}'", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Grep_handles_lines_longer_than_its_buffer_and_a_missing_final_newline()
    {
        var longLine = "ERROR " + new string('x', 3_000_000);
        var (exit, stdout, _) = Run("short\n" + longLine, "grep", "ERROR");
        Assert.Equal(0, exit);
        Assert.Equal(longLine + "\n", stdout);
    }

    [Fact]
    public void Long_input_on_a_terminal_shows_progress_on_stderr_only()
    {
        var line = Encoding.UTF8.GetBytes("INFO nothing to see here, just filling the input up to the threshold\n");
        var lines = (int)(GrepCommand.ProgressThreshold / line.Length) + 1;
        using var input = new MemoryStream(lines * line.Length + 16);
        for (var i = 0; i < lines; i++)
        {
            input.Write(line);
        }

        input.Write("ERROR at the end\n"u8);
        input.Position = 0;
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var exit = FilterPatterns.Cli.Cli.Run(["grep", "ERROR"], new CliConsole(input, output, error, StderrIsTerminal: true));
        Assert.Equal(0, exit);
        Assert.Equal("ERROR at the end\n", Encoding.UTF8.GetString(output.ToArray()));
        Assert.Contains("100%", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_errors_exit_2()
    {
        Assert.Equal(2, Run(string.Empty, "test-metric-filter", "--filter-pattern", "x").Exit);
        Assert.Equal(2, Run(string.Empty, "no-such-command").Exit);
    }
}
