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
    [InlineData("[a = 404, b > 1000, ...]", "")]
    [InlineData("[a = x || a = 3, ...]", "")]
    [InlineData("[a = %REJECT%, ...]", "")]
    [InlineData("[a = \"\", ...]", "")]
    [InlineData("[a = *, ...]", "")]
    public void Pre_check_takes_the_most_selective_slot(string pattern, string expected)
    {
        var matcher = Assert.IsType<DelimitedMatcher>(FilterPattern.Parse(pattern).Matcher);
        var required = DelimitedMatcher.RequiredLiterals(matcher.Slots)?.Select(static l => l.Utf16) ?? [];
        Assert.Equal(expected, string.Join('|', required));
        Assert.Equal(expected.Length > 0, matcher.Prefilter is not null);
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
