using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// The packed-pair literal search finds exactly what an ordinal <c>IndexOf</c> finds, in UTF-8 and UTF-16, on texts
/// of every length around the vector widths (the scalar, 256-bit and 512-bit paths) and at every position.
/// </summary>
public sealed class LiteralSearchTests
{
    private static readonly string[] s_literals =
        ["ERROR", "ab", "aa", "aaab", "a", "", "authentication failure", "\"errorCode\"", "é", "x😀y", "Zq", "0404", "\uFFFD"];

    private static readonly string[] s_fragments = ["a", "b", "aa", "E", "R", "ERRO", "RROR", "Z", "q", " ", "é", "😀", "x", "y", "0", "4", "\""];

    private static int Utf8Offset(string text, int utf16Offset) =>
        utf16Offset < 0 ? -1 : Encoding.UTF8.GetByteCount(text.AsSpan(0, utf16Offset));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Agrees_with_IndexOf_on_random_texts(bool vector512) =>
        Hooks.With(vector512, static () => LiteralSearch.UseVector512, static v => LiteralSearch.UseVector512 = v, Agrees_with_IndexOf_on_random_textsCore);

    private static void Agrees_with_IndexOf_on_random_textsCore()
    {
        var cases =
            from literal in Gen.Elements(s_literals)
            from parts in Gen.Elements(s_fragments).ArrayOf()
            from insert in Gen.Choose(0, 3)
            select (literal, string.Concat(parts) + (insert == 0 ? literal : string.Empty));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(cases), c =>
        {
            var (text, literal) = (c.Item2, new Literal(c.literal));
            var expected = text.IndexOf(c.literal, StringComparison.Ordinal);
            return (literal.IndexIn(text.AsSpan()) == expected &&
                    literal.IndexIn<byte>(Encoding.UTF8.GetBytes(text)) == Utf8Offset(text, expected))
                .Label($"'{c.literal}' in '{text}'");
        }));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Finds_the_literal_or_an_escape_that_could_spell_it_whichever_comes_first(bool vector512) =>
        Hooks.With(vector512, static () => LiteralSearch.UseVector512, static v => LiteralSearch.UseVector512 = v, Finds_the_literal_or_an_escape_that_could_spell_it_whichever_comes_firstCore);

    private static void Finds_the_literal_or_an_escape_that_could_spell_it_whichever_comes_firstCore()
    {
        // Texts of every length around the vector widths, with backslash sequences anywhere, the last units included.
        var cases =
            from literal in Gen.Elements("ERROR", "ab", "\"errorCode\"", "é", "/api", "AccessDenied")
            from parts in Gen.Elements("a", "b", "E", "RROR", " ", "é", "\\u", "\\/", "\\\"", "\\", "u", "/", "x").ArrayOf()
            from slash in Gen.Elements(true, false)
            select (literal, string.Concat(parts), slash);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(cases), c =>
        {
            var literal = new Literal(c.literal);
            var found = c.Item2.IndexOf(c.literal, StringComparison.Ordinal);
            var escape = Enumerable.Range(0, Math.Max(0, c.Item2.Length - 1))
                .Where(i => c.Item2[i] == '\\' && (c.Item2[i + 1] == 'u' || (c.slash && c.Item2[i + 1] == '/')))
                .DefaultIfEmpty(-1).First();
            var expected = found < 0 ? escape : escape < 0 ? found : Math.Min(found, escape);
            return (literal.IndexOfLiteralOrEscapeIn(c.Item2.AsSpan(), c.slash) == expected &&
                    literal.IndexOfLiteralOrEscapeIn<byte>(Encoding.UTF8.GetBytes(c.Item2), c.slash) == Utf8Offset(c.Item2, expected))
                .Label($"'{c.literal}' in '{c.Item2}' (slash {c.slash})");
        }));
    }

    public static TheoryData<string, string, bool> EscapePlacements
    {
        get
        {
            var data = new TheoryData<string, string, bool>();
            foreach (var (value, backslashed) in (ReadOnlySpan<(string, string)>)[("\"errorCode\"", "\\u"), ("\"errorCode\"", "\\\""), ("AccessDenied", "\\/"), ("ab", "\\u"), ("é", "\\u")])
            {
                data.Add(value, backslashed, true);
                data.Add(value, backslashed, false);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(EscapePlacements))]
    public void Finds_the_first_of_literal_and_escape_at_every_placement_around_the_vector_widths(string value, string backslashed, bool vector512) =>
        Hooks.With(vector512, static () => LiteralSearch.UseVector512, static v => LiteralSearch.UseVector512 = v, () => FindsAtEveryPlacement(value, backslashed));

    private static void FindsAtEveryPlacement(string value, string backslashed)
    {
        // One backslash sequence at every position, the literal before it, after it, far from it or absent: the search
        // that looks for backslashes in the anchor's vector must see every unit before the literal, and every unit where
        // the literal is absent (the first and last vector's units included: 16 and 32 units wide on 256-bit paths, 32
        // and 64 on 512-bit ones).
        var literal = new Literal(value);
        foreach (var length in (int[])[15, 16, 17, 31, 32, 33, 47, 48, 49, 63, 64, 65, 66, 75, 76, 77, 96, 127, 128, 129, 140, 191, 192, 200])
        {
            var filler = new string('x', length);
            for (var p = 0; p + backslashed.Length <= length; p++)
            {
                foreach (var q in (int[])[-1, 0, p - value.Length, p + backslashed.Length, length - value.Length])
                {
                    if (q >= 0 && (q + value.Length > length || (q < p + backslashed.Length && p < q + value.Length)))
                    {
                        continue;
                    }

                    var chars = filler.ToCharArray();
                    backslashed.CopyTo(0, chars, p, backslashed.Length);
                    if (q >= 0)
                    {
                        value.CopyTo(0, chars, q, value.Length);
                    }

                    var text = new string(chars);
                    var found = text.IndexOf(value, StringComparison.Ordinal);
                    foreach (var slash in (bool[])[true, false])
                    {
                        var hides = backslashed == "\\u" || (slash && backslashed == "\\/");
                        var expected = !hides ? found : found < 0 ? p : Math.Min(found, p);
                        Assert.Equal(expected, literal.IndexOfLiteralOrEscapeIn(text.AsSpan(), slash));
                        Assert.Equal(Utf8Offset(text, expected), literal.IndexOfLiteralOrEscapeIn<byte>(Encoding.UTF8.GetBytes(text), slash));
                    }
                }
            }
        }
    }

    public static TheoryData<string> Literals => [.. s_literals.Where(l => l.Length > 0)];

    [Theory]
    [MemberData(nameof(Literals))]
    public void Finds_the_literal_at_every_position_of_texts_of_every_length(string value)
    {
        // Filler full of near misses: the literal's anchor units everywhere but never the literal itself.
        var literal = new Literal(value);
        var near = value.Length > 1 ? value[..^1] + "\u0001" : "\u0001";
        for (var length = 0; length < 170; length++)
        {
            var filler = string.Concat(Enumerable.Repeat(near, (length / near.Length) + 1))[..length];
            Assert.Equal(filler.IndexOf(value, StringComparison.Ordinal), literal.IndexIn(filler.AsSpan()));
            Assert.Equal(Utf8Offset(filler, filler.IndexOf(value, StringComparison.Ordinal)), literal.IndexIn<byte>(Encoding.UTF8.GetBytes(filler)));
            for (var at = 0; at + value.Length <= length; at++)
            {
                var text = filler[..at] + value + filler[(at + value.Length)..];
                var expected = text.IndexOf(value, StringComparison.Ordinal);
                Assert.Equal(expected, literal.IndexIn(text.AsSpan()));
                Assert.Equal(Utf8Offset(text, expected), literal.IndexIn<byte>(Encoding.UTF8.GetBytes(text)));
            }
        }
    }

    [Theory]
    [InlineData("ERROR", 0, 3)]          // 'O', then 'E' (rarer than 'R')
    [InlineData("aaaa", 0, 1)]           // one unit only: two of its positions
    [InlineData("authentication failure", 3, 15)] // 'h' and 'f', the rarest; never the space
    [InlineData("ab", 0, 1)]
    public void Anchors_on_distinct_rare_units(string value, int first, int second)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var (a, b) = LiteralSearch.RarePair<byte>(bytes);
        Assert.True(a < b);
        if (value.Distinct().Count() > 1)
        {
            Assert.NotEqual(bytes[a], bytes[b]);
        }

        Assert.Equal((first, second), (a, b));

        // The chars of these ASCII literals rank as their bytes do.
        Assert.Equal((first, second), LiteralSearch.RarePair<char>(value));
    }
}
