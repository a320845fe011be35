using System.Text;

namespace FilterPatterns.Tests.Matching;

/// <summary>How events are read on both paths: ill-formed text, escapes, code points.</summary>
public sealed class EncodingTests
{
    private static bool Both(FilterPattern pattern, byte[] utf8)
    {
        var viaBytes = pattern.IsMatch(utf8);
        Assert.Equal(viaBytes, pattern.IsMatch(Encoding.UTF8.GetString(utf8).AsSpan()));
        return viaBytes;
    }

    [Theory]
    [InlineData("\"\uFFFD\"", new byte[] { 0x61, 0xFF, 0x62 }, true)]
    [InlineData("\"a\uFFFDb\"", new byte[] { 0x61, 0xE2, 0x82, 0x62 }, true)]
    [InlineData("\"a\uFFFD\uFFFDb\"", new byte[] { 0x61, 0xE2, 0x82, 0x62 }, false)]
    [InlineData("ab", new byte[] { 0x61, 0xFF, 0x62 }, false)]
    [InlineData("a -\"\uFFFD\"", new byte[] { 0x61, 0xFF, 0x62 }, false)]
    [InlineData("a -\"\uFFFD\"", new byte[] { 0x61, 0x62 }, true)]
    [InlineData("\"\uFFFD\" -b", new byte[] { 0x61, 0xFF, 0x62 }, false)]
    [InlineData("\"\uFFFD\" -c", new byte[] { 0x61, 0xFF, 0x62 }, true)]
    [InlineData("a -b", new byte[] { 0x61, 0xFF, 0x62 }, false)]
    [InlineData("a -c", new byte[] { 0x61, 0xFF, 0x62 }, true)]
    [InlineData("c -a", new byte[] { 0x61, 0xFF, 0x62 }, false)]
    [InlineData("{ $.k = \"\uFFFD\" }", new byte[] { 0x7B, 0x22, 0x6B, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D }, true)]
    [InlineData("{ $.k = * }", new byte[] { 0x7B, 0x22, 0x6B, 0x22, 0x3A, 0x22, 0xF0, 0x9F, 0x22, 0x7D }, true)]
    [InlineData("{ $.k = * }", new byte[] { 0x7B, 0x22, 0x6B, 0xFF, 0x22, 0x3A, 0x31, 0x7D }, false)]
    [InlineData("{ $.['k�'] = 1 }", new byte[] { 0x7B, 0x22, 0x6B, 0xF0, 0x9F, 0x98, 0x22, 0x3A, 0x31, 0x7D }, true)]
    [InlineData("{ $.['k�'] = 1 }", new byte[] { 0x7B, 0x22, 0x6B, 0xFF, 0x22, 0x3A, 0x31, 0x7D }, true)]
    [InlineData("%^a.b$%", new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x80, 0x62 }, true)]
    [InlineData("%^a.b$%", new byte[] { 0x61, 0xF0, 0x9F, 0x98, 0x62 }, true)]
    [InlineData("%^a..b$%", new byte[] { 0x61, 0xE2, 0x82, 0xC3, 0x62 }, true)]
    [InlineData("[a, b]", new byte[] { 0x61, 0xA0, 0x20, 0x62 }, true)]
    public void Ill_formed_utf8_reads_as_replacement_characters(string pattern, byte[] utf8, bool expected) =>
        Assert.Equal(expected, Both(FilterPattern.Parse(pattern), utf8));

    [Fact]
    public void Unpaired_surrogates_read_as_replacement_characters()
    {
        var lone = "a" + '\uD83D' + "b";
        Assert.True(FilterPattern.Parse("\"\uFFFD\"").IsMatch(lone));
        Assert.True(FilterPattern.Parse("%^a.b$%").IsMatch(lone));
        Assert.False(FilterPattern.Parse("%^a..b$%").IsMatch(lone));
        Assert.True(FilterPattern.Parse("{ $.k = \"\uFFFD\" }").IsMatch("{\"k\":\"" + '\uDE00' + "\"}"));
    }

    [Theory]
    [InlineData("%^.$%", "😀", true)]
    [InlineData("%^..$%", "😀", false)]
    [InlineData("%^[^a]$%", "😀", true)]
    [InlineData(@"%^\W$%", "é", true)]
    [InlineData(@"%^\w$%", "é", false)]
    [InlineData(@"%^\d$%", "٣", false)]
    [InlineData(@"%^\s$%", "\u00A0", false)]
    [InlineData(@"%^\s$%", "\t", true)]
    [InlineData(@"%^\s$%", "\r", false)]
    [InlineData("%^a.b$%", "a\nb", false)]
    [InlineData("%a$%", "a\n", false)]
    [InlineData("%^b%", "a\nb", false)]
    public void Regex_reads_code_points_with_AWS_character_classes(string pattern, string message, bool expected)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(expected, parsed.IsMatch(message));
        Assert.Equal(expected, parsed.IsMatch(Encoding.UTF8.GetBytes(message)));
    }

    [Theory]
    [InlineData("{ $.a = \"A\" }", "{\"\\u0061\":\"\\u0041\"}", true)]
    [InlineData("{ $.a = \"q\\\"t\" }", "{\"a\":\"q\\\"t\"}", true)]
    [InlineData("{ $.a = \"😀\" }", "{\"a\":\"\\ud83d\\ude00\"}", true)]
    [InlineData("{ $.a = \"\uFFFD\" }", "{\"a\":\"\\ud83d\"}", true)]
    [InlineData("{ $.a = \"\uFFFD\uFFFD\" }", "{\"a\":\"\\ude00\\ud83d\"}", true)]
    [InlineData("{ $.a = 12 }", "{\"a\":\"\\u00312\"}", true)]
    [InlineData("{ $.a = %^x/y$% }", "{\"a\":\"x\\/y\"}", true)]
    [InlineData("{ $.['a b'] = 1 }", "{\"a\\u0020b\":1}", true)]
    [InlineData("{ $.[''] = 1 }", "{\"\":1}", true)]
    [InlineData("{ $.a = \"x\" }", "{\"a\":\"x\\q\"}", false)]
    [InlineData("{ $.a = \"x\" }", "{\"a\":\"x\n\"}", false)]
    public void Json_strings_are_compared_decoded(string pattern, string message, bool expected)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(expected, parsed.IsMatch(message));
        Assert.Equal(expected, parsed.IsMatch(Encoding.UTF8.GetBytes(message)));
    }
}
