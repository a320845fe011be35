using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>The member-name filter never rejects one of its names, in either encoding, and does reject others.</summary>
public sealed class KeyFilterTests
{
    private static readonly Gen<string> s_name = Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Gen.Elements("a", "b", "e", "é", "😀", "_", "Z", "\u007F", "\u0080"), n)).Select(string.Concat);

    [Fact]
    public void Accepts_every_one_of_its_names() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(Gen.ArrayOf(s_name, 4).SelectMany(names => Gen.Elements(names).Select(pick => (names, pick)))), pair =>
        {
            var filter = KeyFilter.For(pair.names.Select(static n => new Literal(n)));
            return (filter.MayAccept<byte>(Encoding.UTF8.GetBytes(pair.pick)) && filter.MayAccept<char>(pair.pick)).Label(string.Join(",", pair.names) + " | " + pair.pick);
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
        var filter = KeyFilter.For([new Literal(name)]);
        Assert.Equal(accepted, filter.MayAccept<char>(key));
        Assert.Equal(accepted, filter.MayAccept<byte>(Encoding.UTF8.GetBytes(key)));
    }

    [Theory]
    [InlineData("errorXode", true)]
    [InlineData("eventName", false)]
    [InlineData("errorCodes", false)]
    public void Many_names_are_tested_by_length_and_first_units_only(string key, bool accepted)
    {
        // Nine names: past the exact list, a name of a child's length and first two units passes.
        var filter = KeyFilter.For(new[] { "errorCode", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8" }.Select(static n => new Literal(n)));
        Assert.Equal(accepted, filter.MayAccept<char>(key));
        Assert.Equal(accepted, filter.MayAccept<byte>(Encoding.UTF8.GetBytes(key)));
    }

    [Fact]
    public void A_union_keeps_every_name_of_both()
    {
        var filter = KeyFilter.None.Union(KeyFilter.For([new Literal("type")])).Union(KeyFilter.For([new Literal("arn"), new Literal("é")]));
        foreach (var name in new[] { "type", "arn", "é" })
        {
            Assert.True(filter.MayAccept<char>(name));
            Assert.True(filter.MayAccept<byte>(Encoding.UTF8.GetBytes(name)));
        }

        Assert.False(filter.MayAccept<char>("tape"));
    }
}
