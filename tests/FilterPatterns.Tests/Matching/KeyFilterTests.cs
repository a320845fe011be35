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
    [InlineData("errorCode", "errorXode", true)]
    [InlineData("a", "b", false)]
    [InlineData("é", "è", true)]
    public void Rejects_names_of_another_length_or_start(string name, string key, bool accepted)
    {
        var filter = KeyFilter.For([new Literal(name)]);
        Assert.Equal(accepted, filter.MayAccept<char>(key));
        Assert.Equal(accepted, filter.MayAccept<byte>(Encoding.UTF8.GetBytes(key)));
    }
}
