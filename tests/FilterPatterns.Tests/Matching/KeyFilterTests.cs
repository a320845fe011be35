using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>
/// The member-name filter never rejects one of its names, in either encoding, and does reject others; where it keeps
/// its names, it tells which one a name is.
/// </summary>
public sealed class KeyFilterTests
{
    private static readonly Gen<string> s_name = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", "e", "é", "😀", "_", "Z", "\u007F", "\u0080"), n)).Select(string.Concat);

    [Fact]
    public void Accepts_every_one_of_its_names() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(Gen.ArrayOf(s_name, 4).SelectMany(names => Gen.Elements(names).Select(pick => (names, pick)))), pair =>
        {
            // Accepted, and where the filter tells which name it is, that name.
            var filter = KeyFilter.For([.. pair.names.Select(static n => new Literal(n))]);
            bool Named(int index) => index == KeyFilter.MayBeOne || (index >= 0 && pair.names[index] == pair.pick);
            return (Named(filter.Accept<byte>(Encoding.UTF8.GetBytes(pair.pick))) && Named(filter.Accept<char>(pair.pick))).Label(string.Join(",", pair.names) + " | " + pair.pick);
        }));

    [Theory]
    [InlineData("errorCode", "eventName", false)]
    [InlineData("errorCode", "eventTime", false)]
    [InlineData("errorCode", "errorCodes", false)]
    [InlineData("errorCode", "errorXode", false)]
    [InlineData("errorCode", "errorCode", true)]
    [InlineData("a", "b", false)]
    [InlineData("é", "è", false)]
    public void A_few_names_are_compared_exactly(string name, string key, bool accepted)
    {
        var filter = KeyFilter.For([new Literal("x1"), new Literal(name)]);
        var expected = accepted ? 1 : KeyFilter.Rejected;
        Assert.Equal(expected, filter.Accept<char>(key));
        Assert.Equal(expected, filter.Accept<byte>(Encoding.UTF8.GetBytes(key)));
    }

    [Theory]
    [InlineData("errorXode", true)]
    [InlineData("eventName", false)]
    [InlineData("errorCodes", false)]
    public void Many_names_are_tested_by_length_and_first_units_only(string key, bool accepted)
    {
        // Nine names: past the exact list, a name of a child's length and first two units passes.
        var filter = KeyFilter.For([.. new[] { "errorCode", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8" }.Select(static n => new Literal(n))]);
        var expected = accepted ? KeyFilter.MayBeOne : KeyFilter.Rejected;
        Assert.Equal(expected, filter.Accept<char>(key));
        Assert.Equal(expected, filter.Accept<byte>(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void A_filter_tells_which_of_its_names_a_name_is_in_order()
    {
        var filter = KeyFilter.For([new Literal("type"), new Literal("arn"), new Literal("é")]);
        string[] names = ["type", "arn", "é"];
        for (var i = 0; i < names.Length; i++)
        {
            Assert.Equal(i, filter.Accept<char>(names[i]));
            Assert.Equal(i, filter.Accept<byte>(Encoding.UTF8.GetBytes(names[i])));
        }

        Assert.Equal(KeyFilter.Rejected, filter.Accept<char>("tape"));
    }
}
