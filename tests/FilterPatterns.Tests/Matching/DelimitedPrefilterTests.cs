using System.Text;
using FilterPatterns.Matching.Delimited;
using FilterPatterns.Tests.Support;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// The space-delimited pre-check (a literal every matching event contains) never rejects an event that matches:
/// quotes and brackets, wildcards, OR, numbers written any way, ill-formed text; and it picks what it should.
/// </summary>
public sealed class DelimitedPrefilterTests
{
    [Theory]
    [InlineData("[a, b = REJECT, ...]", "x REJECT", true)]
    [InlineData("[a, b = REJECT, ...]", "x ACCEPT", false)]
    [InlineData("[a, b = REJECT, ...]", "x \"REJECT\"", true)]
    [InlineData("[a, b = REJECT, ...]", "x [REJECT]", true)]
    [InlineData("[a, b = \"GET /x\", ...]", "x \"GET /x\" 200", true)]
    [InlineData("[a = *.php*, ...]", "/index.php?x=1 y", true)]
    [InlineData("[a = *.php*, ...]", "/index.html y", false)]
    [InlineData("[a = *.php*, ...]", "y /index.php", false)]
    [InlineData("[a = x || a = yy, ...]", "yy z", true)]
    [InlineData("[a = x || a = yy, ...]", "z x", false)]
    [InlineData("[a = x || a > 3, ...]", "5", true)]
    [InlineData("[a = 404, ...]", "4.04e2 x", true)]
    [InlineData("[a = 404, ...]", "404.0", true)]
    [InlineData("[a = 404, ...]", "0404", true)]
    [InlineData("[a = 404, ...]", "+404", true)]
    [InlineData("[a = 404, ...]", "40.4e1", true)]
    [InlineData("[a = 404, ...]", "4040e-1", true)]
    [InlineData("[a = 404, ...]", "403.99999999999999999", true)]
    [InlineData("[a = 404, ...]", "404.00000000000000001 y", true)]
    [InlineData("[a = 404, ...]", "405 404", false)]
    [InlineData("[a = 404, ...]", "12345678 404", false)]
    [InlineData("[a = 404, ...]", "4 0 4", false)]
    [InlineData("[a = 400, ...]", "4e2", true)]
    [InlineData("[a = 400, ...]", "40.0e1", true)]
    [InlineData("[a = -22, ...]", "-2.2e1", true)]
    [InlineData("[..., b = 22]", "x 2.2e1", true)]
    [InlineData("[a = 22 || a = x, ...]", "2.2e1", true)]
    [InlineData("[a = 22 || a = x, ...]", "21.99999999999999999", true)]
    [InlineData("[a = 22, ...]", "21.99999999999999999999999", true)]
    [InlineData("[a = 1234567, ...]", "1234566.999999999999", true)]
    [InlineData("[a = 404, ...]", "Gecko/20100101 x", false)]
    [InlineData("[a = 404, ...]", "12345678.1234567 x", false)]
    [InlineData("[a != x, ...]", "y", true)]
    [InlineData("[a = x* && a != xy, ...]", "xz", true)]
    [InlineData("[..., b = end]", "a b end", true)]
    [InlineData("[..., b = end]", "a end b", false)]
    [InlineData("[a, b = c*d, c]", "1 c*d 2", true)]
    [InlineData("[a = \"é\", ...]", "é", true)]
    public void Pre_check_is_sound(string pattern, string message, bool expected) => Check(pattern, message, expected);

    [Fact]
    public void Pre_check_is_sound_for_ill_formed_text()
    {
        // Built here: xunit's serialization of theory data replaces lone surrogates.
        Check("[a = \"\uFFFD\", ...]", "" + '\uD800', expected: true);
        Check("[a = \"x\uFFFD\", ...]", "x" + '\uDC00' + " y", expected: true);
    }

    [Theory]
    [InlineData("[a, b = REJECT, c = 22]", "REJECT")]
    [InlineData("[a = *.php*, b = 4*, ...]", ".php")]
    [InlineData("[a = ab || a = c, b = longer, ...]", "longer")]
    [InlineData("[a = ab || a = cd, b = x, ...]", "ab|cd")]
    [InlineData("[a = ab && a != abc, ...]", "ab")]
    [InlineData("[a = 404, b > 1000, ...]", "404|4.04|40.4 or digits")]
    [InlineData("[a = 404, b = GET, ...]", "GET")]
    [InlineData("[a = 400, ...]", "4 or digits")]
    [InlineData("[a = -22, ...]", "22|2.2 or digits")]
    [InlineData("[a = x || a = 3, ...]", "x|3 or digits")]
    [InlineData("[a = 0, ...]", "")]
    [InlineData("[a = 4.5, ...]", "")]
    [InlineData("[a = 1e20, ...]", "")]
    [InlineData("[a != 404, ...]", "")]
    [InlineData("[a = x || a > 3, ...]", "")]
    [InlineData("[a = %REJECT%, ...]", "")]
    [InlineData("[a = \"\", ...]", "")]
    [InlineData("[a = *, ...]", "")]
    public void Pre_check_takes_the_most_selective_slot(string pattern, string expected)
    {
        var matcher = Assert.IsType<DelimitedMatcher>(FilterPattern.Parse(pattern).Matcher);
        var required = DelimitedMatcher.Required(matcher.Slots);
        var described = required is { } r ? string.Join('|', r.Texts) + (r.OrDigitRun ? " or digits" : "") : "";
        Assert.Equal(expected, described);
        Assert.Equal(expected.Length > 0, matcher.Prefilter is not null);
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("Gecko/20100101 Firefox/12345678", -1)]
    [InlineData("1234567.123456789", 0)]
    [InlineData("x 12345678.12345678 y", 2)]
    [InlineData("12345678.1234567 1234567890123456", 17)]
    [InlineData("v1.12345678901234", -1)]
    [InlineData("v1.123456789012345", 1)]
    [InlineData("1.2.3.4.5.6.7.8.9.10.11", -1)]
    [InlineData("12345678.12345678.1", 0)]
    [InlineData("1.123456789.1234567", 2)]
    [InlineData("..1234567890123456..", 2)]
    [InlineData("66.249.73.135 - - 20100101123456", -1)]
    public void Numbers_long_enough_to_round_are_found(string text, int expected)
    {
        Assert.Equal(expected, DigitRuns.IndexOfLongNumber(text.AsSpan()));
        Assert.Equal(expected, DigitRuns.IndexOfLongNumber<byte>(Encoding.ASCII.GetBytes(text)));
        var padded = new string(' ', 40) + text;
        Assert.Equal(expected < 0 ? -1 : expected + 40, DigitRuns.IndexOfLongNumber<byte>(Encoding.ASCII.GetBytes(padded)));
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("123456789012345", -1)]
    [InlineData("1234567890123456", 0)]
    [InlineData("x 1.2.3.4.5.6.7.8 1234567.12345678", 18)]
    [InlineData("1234.5678 123456789012.3456", 10)]
    public void Number_character_runs_are_found_at_every_offset(string text, int expected)
    {
        Assert.Equal(expected, DigitRuns.IndexOfRun(text.AsSpan()));
        Assert.Equal(expected, DigitRuns.IndexOfRun<byte>(Encoding.ASCII.GetBytes(text)));

        // Across and near the vector boundaries: every position, every run length around the threshold, a run that
        // starts with a dot, and one that follows a shorter run.
        for (var length = DigitRuns.Length - 2; length <= DigitRuns.Length + 1; length++)
        {
            foreach (var unit in new[] { "7", ".7", "1." })
            {
                var run = string.Concat(Enumerable.Repeat(unit, length))[..length];
                for (var at = 0; at < 80; at++)
                {
                    var chars = "12345 " + new string('x', at) + run + new string('y', 90 - at);
                    var found = DigitRuns.IndexOfRun<byte>(Encoding.ASCII.GetBytes(chars));
                    Assert.Equal(length >= DigitRuns.Length ? at + 6 : -1, found);
                    Assert.Equal(found, DigitRuns.IndexOfRun(chars.AsSpan()));
                }
            }
        }
    }

    private static void Check(string pattern, string message, bool expected)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(expected, ReferenceEvaluator.IsMatch(parsed, message));
        Assert.Equal(expected, parsed.IsMatch(message));
        Assert.Equal(expected, parsed.IsMatch(Encoding.UTF8.GetBytes(message)));
        Assert.Equal(expected, parsed.Match(message).IsMatch);
        var buffer = Encoding.UTF8.GetBytes("first line\n" + message + "\nlast line");
        var matched = new List<int>();
        foreach (var line in parsed.EnumerateMatchingLines(buffer))
        {
            matched.Add(line.Start);
        }

        Assert.Equal(expected, matched.Contains(11));
    }
}
