using System.Text;
using FilterPatterns.Matching.Json;
using FilterPatterns.Tests.Support;

namespace FilterPatterns.Tests.Matching;

/// <summary>The literal pre-check never rejects an event that matches (escapes, numbers, wildcards, OR).</summary>
public sealed class JsonPrefilterTests
{
    [Theory]
    [InlineData("{ $.a = \"-*\" }", "{\"a\":-5}", true)]
    [InlineData("{ $.a = \"*5\" }", "{\"a\":-5}", true)]
    [InlineData("{ $.a = \"2\" }", "{\"a\":2}", true)]
    [InlineData("{ $.a = \"1e3\" }", "{\"a\":1e3}", true)]
    [InlineData("{ $.a = \"E\" }", "{\"a\":\"E\"}", true)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"eventName\":\"Console\\u004cogin\"}", true)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"event\\u004eame\":\"ConsoleLogin\"}", true)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"eventName\":\"ConsoleLogout\"}", false)]
    [InlineData("{ $.a = \"x\" || $.b = \"y\" }", "{\"b\":\"y\"}", true)]
    [InlineData("{ $.a = \"x\" || $.b NOT EXISTS }", "{}", true)]
    [InlineData("{ $.a = \"AccessDenied*\" }", "{\"a\":\"AccessDeniedException\"}", true)]
    [InlineData("{ $.a = \"*Operation\" }", "{\"a\":\"Client.UnauthorizedOperation\"}", true)]
    [InlineData("{ $.a = \"q\\\"t\" }", "{\"a\":\"q\\\"t\"}", true)]
    [InlineData("{ $.['a\"b'] = 1 }", "{\"a\\\"b\":1}", true)]
    [InlineData("{ $.a = \"é\" }", "{\"a\":\"é\"}", true)]
    [InlineData("{ $.a != \"x\" }", "{\"a\":\"y\"}", true)]
    [InlineData("{ $.a.b = \"x\" }", "{\"a\" : { \"b\" : \"x\" } }", true)]
    [InlineData("{ $.path = \"/api/*\" }", "{\"path\":\"\\/api\\/v1\"}", true)]
    [InlineData("{ $.path = \"/api/*\" }", "{\"path\":\"\\u002Fapi/v1\"}", true)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"p\":\"{\\\"eventName\\\":\\\"ConsoleLogin\\\"}\",\"eventName\":\"x\"}", false)]
    // Values of one name looked for after its first occurrence only: a later name, a nested one, an escaped one.
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"a\":\"k\",\"k\":\"y2\"}", true)]
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"j\":{\"k\":\"q\"},\"k\":\"x1\"}", true)]
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"a\":\"x1\",\"\\u006b\":\"y2\"}", true)]
    [InlineData("{ ($.K = \"x1\") || ($.K = \"y2\") }", "{\"aK\":\"b\",\"K\":\"x1\"}", true)]
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"a\":\"x1\",\"k\":\"z\"}", false)]
    public void Pre_check_is_sound(string pattern, string message, bool expected) => Check(pattern, message, expected);

    [Fact]
    public void Pre_check_is_sound_for_ill_formed_text()
    {
        // Built here: xunit's serialization of theory data replaces lone surrogates.
        Check("{ $.a = \"\uFFFD\" }", "{\"a\":\"" + '\uD800' + "\"}", expected: true);
        Check("{ $.a = \"x\uFFFD\" }", "{\"a\":\"x" + '\uDC00' + "\"}", expected: true);
    }

    [Theory]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"eventName\":\"GetObject\"}", false)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"policy\":\"{\\\"Effect\\\":\\\"Allow\\\"}\",\"eventName\":\"GetObject\"}", false)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"path\":\"a\\/b\",\"eventName\":\"GetObject\"}", false)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"eventName\":\"\\u0043onsoleLogin\"}", true)]
    [InlineData("{ $.eventName = \"ConsoleLogin\" }", "{\"other\":\"\\u00e9\"}", true)]
    [InlineData("{ $.path = \"/api\" }", "{\"path\":\"\\/api\"}", true)]
    [InlineData("{ $.path = \"/api\" }", "{\"path\":\"\\\"x\"}", false)]
    // A first clause of several literals: they and the escapes are one set searched by byte pairs.
    [InlineData("{ $.alpha = \"Denied\" || $.beta = \"Refused\" }", "{\"beta\":\"Re\\u0066used\"}", true)]
    [InlineData("{ $.alpha = \"Denied\" || $.beta = \"Refused\" }", "{\"beta\":\"Refused\"}", true)]
    [InlineData("{ $.alpha = \"Denied\" || $.beta = \"Refused\" }", "{\"beta\":\"Accepted\"}", false)]
    [InlineData("{ $.alpha = \"Denied\" || $.beta = \"Refused\" }", "{\"policy\":\"{\\\"a\\\":1}\",\"beta\":\"x\"}", false)]
    [InlineData("{ $.a = \"/x1\" || $.b = \"/y2\" }", "{\"b\":\"\\/y2\"}", true)]
    [InlineData("{ $.a = \"/x1\" || $.b = \"/y2\" }", "{\"b\":\"/z2\"}", false)]
    // The values of one name are looked for after its first occurrence: before it, they cannot be its value.
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"a\":\"x1\",\"k\":\"z\"}", false)]
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"k\":\"z\",\"a\":\"x1\"}", true)]
    [InlineData("{ ($.k = \"x1\") || ($.k = \"y2\") }", "{\"a\":\"x1\",\"\\u006b\":\"z\"}", true)]
    public void Pre_check_rejects_events_whose_escapes_cannot_spell_a_literal(string pattern, string message, bool mayMatch)
    {
        // Only \uXXXX (any character) and \/ (a slash) can spell a character of a literal the builder keeps.
        var prefilter = ((JsonMatcher)FilterPattern.Parse(pattern).Matcher).Prefilter as JsonPrefilter;
        Assert.NotNull(prefilter);
        Assert.Equal(mayMatch, prefilter.MayMatch<char>(message));
        Assert.Equal(mayMatch, prefilter.MayMatch<byte>(Encoding.UTF8.GetBytes(message)));
    }

    private static void Check(string pattern, string message, bool expected)
    {
        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(expected, ReferenceEvaluator.IsMatch(parsed, message));
        Assert.Equal(expected, parsed.IsMatch(message));
        Assert.Equal(expected, parsed.IsMatch(Encoding.UTF8.GetBytes(message)));
        var matched = new List<int>();
        var buffer = Encoding.UTF8.GetBytes("{}\nnot json\n" + message + "\n{\"z\":1}");
        foreach (var line in parsed.EnumerateMatchingLines(buffer))
        {
            matched.Add(line.Start);
        }

        Assert.Equal(expected ? [12] : (IEnumerable<int>)[], matched.Where(s => s == 12));
    }
}
