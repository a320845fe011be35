namespace FilterPatterns.Tests.Syntax;

/// <summary>Canonical printing: ToString normalizes spelling, and equality ignores it.</summary>
public sealed class PrinterTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("\" \"", "\" \"")]
    [InlineData("ERROR   ARGUMENTS", "ERROR ARGUMENTS")]
    [InlineData("\"ERROR\" ?\"WARN\" -\"a b\"", "ERROR ?WARN -\"a b\"")]
    [InlineData("\"q\\\"t\" \"b\\\\s\" \"a\\b\"", "\"q\\\"t\" \"b\\\\s\" \"a\\\\b\"")]
    [InlineData("  %a{1,2}|b% ", "%a{1,2}|b%")]
    [InlineData("{$.a=1}", "{ $.a = 1 }")]
    [InlineData("{ $.a = nonmatch }", "{ $.a = \"nonmatch\" }")]
    [InlineData("{ $.a = \"*\" }", "{ $.a = * }")]
    [InlineData("{ $.a = *x* }", "{ $.a = \"*x*\" }")]
    [InlineData("{ ($.a = 1) && (($.b = 2)) }", "{ $.a = 1 && $.b = 2 }")]
    [InlineData("{ $.a = 1 && ($.b = 2 || $.c = 3) }", "{ $.a = 1 && ($.b = 2 || $.c = 3) }")]
    [InlineData("{ ($.a = 1 && $.b = 2) || $.c = 3 }", "{ $.a = 1 && $.b = 2 || $.c = 3 }")]
    [InlineData("{ $.a || ($.b || $.c) }", null)]
    [InlineData("{ $.['a'].['b.c'][0][*] IS NULL }", "{ $.a.['b.c'][0][*] IS NULL }")]
    [InlineData("{ $.*  NOT   EXISTS }", "{ $.* NOT EXISTS }")]
    [InlineData("{ $.n >= +1e3 }", "{ $.n >= +1e3 }")]
    [InlineData("[ip,user ,..., status = 4* && status != 403,]", "[ip, user, ..., status = \"4*\" && status != 403,]")]
    [InlineData("[ ]", "[]")]
    [InlineData("[a=%x%||a=y]", "[a = %x% || a = \"y\"]")]
    public void Prints_canonical_text(string pattern, string? canonical)
    {
        if (canonical is null)
        {
            Assert.False(FilterPattern.TryParse(pattern, out _));
            return;
        }

        var parsed = FilterPattern.Parse(pattern);
        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(parsed, FilterPattern.Parse(canonical));
        Assert.Equal(pattern, parsed.Text);
    }

    [Theory]
    [InlineData("ERROR", "\"ERROR\"", true)]
    [InlineData("{ $.a = x }", "{ $.a = \"x\" }", true)]
    [InlineData("{ $.['a'] = 1 }", "{ $.a = 1 }", true)]
    [InlineData("{ $.a = 1000 }", "{ $.a = 1e3 }", false)]
    [InlineData("{ $.a = 1 }", "{ $.a = \"1\" }", false)]
    [InlineData("ERROR WARN", "WARN ERROR", false)]
    [InlineData("%a%", "%a{1}%", false)]
    public void Equality_ignores_spelling_only(string left, string right, bool equal)
    {
        var a = FilterPattern.Parse(left);
        var b = FilterPattern.Parse(right);
        Assert.Equal(equal, a == b);
        Assert.Equal(equal, a.Equals((object)b));
        Assert.NotEqual(equal, a != b);
        if (equal)
        {
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }
}
