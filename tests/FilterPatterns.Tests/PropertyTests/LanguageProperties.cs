using System.Text;
using FilterPatterns.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.PropertyTests;

/// <summary>The invariants of the language, checked on generated patterns and events.</summary>
public sealed class LanguageProperties
{
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(1500).WithQuietOnSuccess(true);

    private static Gen<(FilterPattern Pattern, string Event)> PatternAndEvent =>
        Generators.ParsedPattern.SelectMany(p => (p.Kind == FilterPatternKind.Json ? Gen.Frequency((4, Generators.JsonEvent), (1, Generators.TextEvent)) : Generators.AnyEvent)
            .Select(e => (p, e)));

    [Fact]
    public void Printing_then_parsing_gives_an_equal_pattern() =>
        Check.One(s_config, Prop.ForAll(Arb.From(Generators.ParsedPattern), pattern =>
        {
            var printed = pattern.ToString();
            var reparsed = FilterPattern.Parse(printed);
            return reparsed.Equals(pattern) && reparsed.ToString() == printed && reparsed.GetHashCode() == pattern.GetHashCode();
        }));

    [Fact]
    public void Compiled_matcher_agrees_with_the_reference_evaluator() =>
        Check.One(s_config, Prop.ForAll(Arb.From(PatternAndEvent), pair =>
        {
            var (pattern, message) = pair;
            var (expected, extracted) = ReferenceEvaluator.Evaluate(pattern, message);
            var match = pattern.Match(message);
            return (pattern.IsMatch(message.AsSpan()) == expected && match.IsMatch == expected &&
                    (!expected || SameValues(extracted!, match.ExtractedValues)))
                .Label($"pattern {pattern.Text} | event {message} | expected {expected}");
        }));

    [Fact]
    public void Json_patterns_agree_with_the_reference_evaluator_on_json_with_a_defect_anywhere() =>
        Check.One(s_config, Prop.ForAll(Arb.From(Gen.Frequency(
            (1, Generators.ParsedPattern.Where(p => p.Kind == FilterPatternKind.Json)),
            (1, Gen.Elements("{ $.absent NOT EXISTS }", "{ $.a NOT EXISTS }", "{ $.a.absent NOT EXISTS }", "{ $.*.absent NOT EXISTS }").Select(FilterPattern.Parse)))
            .SelectMany(p => Generators.MutatedJsonEvent.Select(e => (p, e)))), pair =>
        {
            var (pattern, message) = pair;
            var (expected, _) = ReferenceEvaluator.Evaluate(pattern, message);
            return (pattern.IsMatch(message.AsSpan()) == expected && pattern.IsMatch(Encoding.UTF8.GetBytes(message)) == expected && pattern.Match(message).IsMatch == expected)
                .Label($"pattern {pattern.Text} | event {message} | expected {expected}");
        }));

    [Fact]
    public void Utf8_path_agrees_with_the_decoded_string_for_any_bytes() =>
        Check.One(s_config, Prop.ForAll(Arb.From(Generators.ParsedPattern.SelectMany(p => Generators.Utf8Event.Select(e => (p, e)))), pair =>
        {
            var (pattern, bytes) = pair;
            var decoded = Encoding.UTF8.GetString(bytes);
            return (pattern.IsMatch(bytes) == pattern.IsMatch(decoded.AsSpan()) &&
                    SameValues(pattern.Match(bytes).ExtractedValues, pattern.Match(decoded).ExtractedValues))
                .Label($"pattern {pattern.Text} | bytes {Convert.ToHexString(bytes)}");
        }));

    [Fact]
    public void Utf16_path_agrees_with_its_utf8_encoding_for_any_string() =>
        Check.One(s_config, Prop.ForAll(Arb.From(Generators.ParsedPattern.SelectMany(p => Generators.Utf16Event.Select(e => (p, e)))), pair =>
        {
            var (pattern, message) = pair;
            var bytes = Encoding.UTF8.GetBytes(message);
            return (pattern.IsMatch(message.AsSpan()) == pattern.IsMatch(bytes) &&
                    SameValues(pattern.Match(message).ExtractedValues, pattern.Match(bytes).ExtractedValues))
                .Label($"pattern {pattern.Text} | event {message}");
        }));

    private static bool SameValues(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right) =>
        left.Count == right.Count && left.All(kv => right.TryGetValue(kv.Key, out var value) && value == kv.Value);
}
