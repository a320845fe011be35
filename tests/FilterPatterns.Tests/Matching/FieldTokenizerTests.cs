using System.Text;
using FilterPatterns.Matching.Delimited;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.Matching;

/// <summary>The field splitter agrees with the oracle's plain one on long, awkward events, on both paths.</summary>
public sealed class FieldTokenizerTests
{
    private static List<string> Split<T>(ReadOnlySpan<T> text, Func<ReadOnlySpan<T>, string> decode)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var fields = new List<string>();
        var position = 0;
        while (FieldTokenizer<T>.Next(text, ref position, out var start, out var length))
        {
            fields.Add(decode(text.Slice(start, length)));
        }

        return fields;
    }

    private static Gen<string> Events =>
        Gen.Choose(0, 400).SelectMany(n => Gen.ArrayOf(Gen.Frequency(
                (8, Gen.Elements("a", "bc", "404", "é", "😀", "x-y")),
                (6, Gen.Elements(" ", "  ", "   ")),
                (1, Gen.Elements("\"", "[", "]", "\"q q\"", "[1 2]", "\t")),
                (1, Gen.Constant(new string(' ', 70))),
                (1, Gen.Constant(new string('z', 70)))), n))
            .Select(string.Concat);

    [Fact]
    public void Splits_like_the_reference_on_both_paths() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(Events), text =>
        {
            var expected = ReferenceEvaluator.SplitFields(text);
            var utf16 = Split<char>(text.AsSpan(), s => s.ToString());
            var utf8 = Split<byte>(Encoding.UTF8.GetBytes(text), s => Encoding.UTF8.GetString(s));
            return (expected.SequenceEqual(utf16) && expected.SequenceEqual(utf8)).Label($"'{text}'");
        }));

    [Fact]
    public void Fields_across_every_block_boundary()
    {
        for (var spaces = 1; spaces < 140; spaces++)
        {
            var text = new string('a', spaces) + new string(' ', spaces) + "b" + new string(' ', 130 - spaces % 64) + "c";
            Assert.Equal(["" + new string('a', spaces), "b", "c"], Split<char>(text.AsSpan(), s => s.ToString()));
            Assert.Equal(["" + new string('a', spaces), "b", "c"], Split<byte>(Encoding.ASCII.GetBytes(text), s => Encoding.ASCII.GetString(s)));
        }
    }
}
