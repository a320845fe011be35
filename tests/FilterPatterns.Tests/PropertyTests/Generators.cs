using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Tests.PropertyTests;

/// <summary>
/// Grammar-directed generators. Patterns and events draw on the same small vocabulary so that they meet often;
/// events also carry the awkward cases: escapes, duplicate keys, non-ASCII, U+FFFD, truncation, invalid UTF-8.
/// </summary>
internal static class Generators
{
    private static readonly string[] s_words = ["ERROR", "WARN", "a", "b", "ab", "x_1", "42", "Ex"];
    private static readonly string[] s_phrases = ["a b", "ERROR:", "[x]", "é", "😀", "\uFFFD", "q\"t", "b\\s", " ", "-", "1.5", "a*b"];
    private static readonly string[] s_numbers = ["0", "1", "-1", "2.5", "10", "1e1", "+3", "25e-1", "-0.5E+1"];
    private static readonly string[] s_keys = ["a", "b", "c", "x.y"];

    private static Gen<string> Concat(params Gen<string>[] parts) =>
        parts.Aggregate(Gen.Constant(string.Empty), (acc, part) => acc.SelectMany(a => part.Select(b => a + b)));

    private static Gen<string> Join(Gen<string> item, int min, int max, string separator) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(item, n)).Select(items => string.Join(separator, items));

    private static Gen<string> Maybe(string text, int percent = 50) =>
        Gen.Frequency((percent, Gen.Constant(text)), (100 - percent, Gen.Constant(string.Empty)));

    public static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    // ------------------------------------------------------------------ patterns

    public static Gen<string> TextPattern =>
        Join(
            Concat(
                Gen.Elements("", "", "?", "-"),
                Gen.OneOf(Gen.Elements(s_words), Gen.Elements(s_words.Concat(s_phrases).ToArray()).Select(Quote))),
            1, 4, " ");

    public static Gen<string> RegexBody => RegexBodyWith(anchorWeight: 1, minPieces: 1);

    /// <summary>
    /// Expressions of up to three alternatives: atoms that reach non-ASCII characters (<c>.</c>, negated classes,
    /// <c>\D \S \W</c>) and LF (<c>\x0a</c>), every quantifier form (<c>{0}</c>, <c>{,n}</c>, <c>{m,}</c>), and anchors
    /// anywhere in a branch, <paramref name="anchorWeight"/> in 10 pieces; a branch may be empty when
    /// <paramref name="minPieces"/> is 0 (the whole expression then may not parse: callers filter).
    /// </summary>
    public static Gen<string> RegexBodyWith(int anchorWeight, int minPieces)
    {
        var atom = Gen.Elements("a", "b", "E", ".", @"\d", @"\w", @"\s", @"\S", @"\D", @"\W", "[a-c]", "[^a]", "[^a-c0-9]", @"\x41", @"\x0a", " ", @"\.", "[0-9_]");
        var quantifier = Gen.Elements("", "", "", "?", "*", "+", "{1,2}", "{2}", "{,2}", "{1,}", "{0}", "{0,1}", "{3}");
        var piece = Gen.Frequency(
            (10 - anchorWeight, Concat(atom, quantifier)),
            (anchorWeight, Gen.Elements("^", "$")));
        return Join(Join(piece, minPieces, 4, string.Empty), 1, 3, "|");
    }

    /// <summary>
    /// Expressions whose automaton spans several 64-bit words: long fixed and optional repetitions (<c>{64}</c>,
    /// <c>{0,70}</c>) so that runs of points, and runs of skippable ones, cross word boundaries. Few pieces vary in
    /// length, which keeps the reference's backtracking affordable.
    /// </summary>
    public static Gen<string> LongRegexBody
    {
        get
        {
            var atom = Gen.Elements("a", "b", "[ab]", ".", @"\d", "[^a]");
            var quantifier = Gen.Elements("", "?", "{64}", "{70}", "{0,70}", "{30,70}", "{2,5}", "+");
            var piece = Gen.Frequency((9, Concat(atom, quantifier)), (1, Gen.Elements("^", "$")));
            return Join(Join(piece, 1, 3, string.Empty), 1, 2, "|");
        }
    }

    /// <summary>Long events for <see cref="LongRegexBody"/>: runs of up to 150 of one character.</summary>
    public static Gen<string> LongRegexEvent =>
        Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(
                Gen.Elements("a", "b", "1", "x", "\n", "é", "😀", "\uD83D").SelectMany(c => Gen.Choose(1, 150).Select(k => string.Concat(Enumerable.Repeat(c, k))))
                    .SelectMany(run => Gen.Frequency((3, Gen.Constant(run)), (1, Gen.Elements("a", "b", "c").Select(x => run + x)))),
                n))
            .Select(string.Concat);

    /// <summary>
    /// Events for one expression: mostly characters its own sets take (so that matches are common and near misses
    /// more so), with LF, tab, non-ASCII BMP and astral characters and unpaired surrogates mixed in.
    /// </summary>
    public static Gen<string> RegexEvent(FilterPatterns.Syntax.Regex.RegexTree tree)
    {
        var own = new List<string>();
        foreach (var branch in tree.Branches)
        {
            foreach (var piece in branch)
            {
                var members = Enumerable.Range(0, 128).Where(c => piece.Set.Contains(c)).ToList();
                // Small sets give all their members; large ones (., negations) a few printable ones.
                own.AddRange((members.Count <= 12 ? members : members.Where(c => c is >= 0x20 and < 0x7F).Take(4)).Select(c => ((char)c).ToString()));
            }
        }

        var others = Gen.Elements("a", "b", "E", "1", "0", " ", ".", "_", "x", "\n", "\t", "\r", "é", "ア", "😀", "\uD83D", "\uDE00", "\uDE00\uD83D");
        var unit = own.Count == 0 ? others : Gen.Frequency((3, Gen.Elements(own.ToArray())), (2, others));
        return Gen.Choose(0, 24).SelectMany(n => Gen.ArrayOf(unit, n)).Select(string.Concat);
    }

    /// <summary>Encodes <paramref name="text"/> as UTF-8 and often splices ill-formed sequences into it.</summary>
    public static Gen<byte[]> WithInvalidUtf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        byte[][] junk = [[0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0x80, 0x80], [0xE0, 0x80]];
        var splice = Gen.Choose(0, bytes.Length).SelectMany(at => Gen.Elements(junk).Select(j => (at, j)));
        return Gen.Frequency(
            (1, Gen.Constant(bytes)),
            (3, Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(splice, n)).Select(splices =>
            {
                var result = bytes.ToList();
                foreach (var (at, j) in splices.OrderByDescending(s => s.at))
                {
                    result.InsertRange(at, j);
                }

                return result.ToArray();
            })));
    }

    public static Gen<string> RegexPattern => RegexBody.Select(body => "%" + body + "%");

    private static Gen<string> Selector =>
        Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(
                Gen.Frequency(
                    (6, Gen.Elements(s_keys).Select(k => k.Contains('.', StringComparison.Ordinal) ? ".['" + k + "']" : "." + k)),
                    (2, Gen.Elements("[0]", "[1]")),
                    (1, Gen.Elements("[*]", ".*"))),
                n))
            .Where(steps => steps[0].StartsWith('.') && steps.Count(s => s.Contains('*', StringComparison.Ordinal)) <= 1)
            .Select(steps => "$" + string.Concat(steps));

    private static Gen<string> StringValue =>
        Gen.OneOf(
            Concat(Maybe("*", 25), Gen.Elements(s_words.Concat(s_phrases).ToArray()), Maybe("*", 25)).Select(Quote),
            Concat(Maybe("*", 20), Gen.Elements(s_words), Maybe("*", 20)),
            Gen.Constant("*"));

    private static Gen<string> Comparison(Gen<string> subject) =>
        Gen.OneOf(
            Concat(subject, Gen.Elements(" = ", " != ", "="), StringValue),
            Concat(subject, Gen.Elements(" = ", " != ", " < ", " > ", " <= ", " >= ", ">="), Gen.Elements(s_numbers)),
            Concat(subject, Gen.Elements(" = ", " != "), RegexPattern));

    private static Gen<string> JsonCondition(int depth)
    {
        var leaf = Gen.Frequency(
            (6, Comparison(Selector)),
            (1, Concat(Selector, Gen.Elements(" IS TRUE", " IS FALSE", " IS NULL"))),
            (1, Concat(Selector, Gen.Constant(" NOT EXISTS"))));
        if (depth == 0)
        {
            return leaf;
        }

        var inner = JsonCondition(depth - 1);
        return Gen.Frequency(
            (3, leaf),
            (1, Concat(inner, Gen.Elements(" && ", " || ", "&&"), inner)),
            (1, Concat(Gen.Constant("("), inner, Gen.Constant(")"))));
    }

    public static Gen<string> JsonPattern =>
        Concat(Gen.Elements("{ ", "{"), JsonCondition(2), Gen.Elements(" }", "}"));

    public static Gen<string> DelimitedPattern
    {
        get
        {
            Gen<string> Field(string name) => Gen.Frequency(
                (3, Gen.Constant(name)),
                (3, Comparison(Gen.Constant(name))),
                (1, Concat(Comparison(Gen.Constant(name)), Gen.Elements(" && ", " || "), Comparison(Gen.Constant(name)))));

            return Gen.Choose(0, 5).SelectMany(n =>
                    Enumerable.Range(1, n).Aggregate(Gen.Constant(new List<string>()), (acc, i) => acc.SelectMany(list => Field("f" + i).Select(f => new List<string>(list) { f })))
                        .SelectMany(fields => Gen.Choose(-1, n).Select(ellipsis =>
                        {
                            var list = fields.ToList();
                            if (ellipsis >= 0)
                            {
                                list.Insert(ellipsis, "...");
                            }

                            return list;
                        })))
                .SelectMany(fields => Gen.Elements("", "", "", ",").Select(trailing =>
                    "[" + string.Join(", ", fields) + (fields.Count > 0 ? trailing : string.Empty) + "]"));
        }
    }

    /// <summary>A pattern of any family, as text that parses (almost always; callers filter with TryParse).</summary>
    public static Gen<string> AnyPattern => Gen.Frequency(
        (1, Gen.Elements("", " ", "\" \"")),
        (3, TextPattern),
        (2, RegexPattern),
        (4, JsonPattern),
        (3, DelimitedPattern));

    public static Gen<FilterPattern> ParsedPattern =>
        AnyPattern.Select(text => FilterPattern.TryParse(text, out var p) ? p : null).Where(p => p is not null).Select(p => p!);

    // ------------------------------------------------------------------ events

    private static Gen<string> Token => Gen.Frequency(
        (4, Gen.Elements(s_words)),
        (2, Gen.Elements(s_numbers)),
        (2, Gen.Elements(s_phrases).Select(p => "\"" + p + "\"")),
        (1, Gen.Elements(s_phrases).Select(p => "[" + p + "]")),
        (1, Gen.Elements(s_phrases)),
        (1, Gen.Elements("\"open", "[open", "a]b", "\"\"", "[]")));

    public static Gen<string> TextEvent => Gen.Frequency((4, Join(Token, 0, 7, " ")), (1, Join(Token, 10, 80, " "))).SelectMany(line => Gen.Elements(line, line, " " + line, line + "  x", line.Replace(" ", "  ", StringComparison.Ordinal)));

    private static Gen<string> JsonString => Gen.OneOf(
        Gen.Elements(s_words.Concat(s_phrases).ToArray()).Select(Quote),
        Gen.Elements("\"\\u0041\"", "\"E\\u0058\"", "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"a\\/b\"", "\"\\\"\"", "\"\\u0045RROR\""));

    private static Gen<string> JsonValue(int depth)
    {
        var scalar = Gen.Frequency(
            (4, JsonString),
            (3, Gen.Elements(s_numbers.Where(n => !n.StartsWith('+')).ToArray())),
            (1, Gen.Elements("true", "false", "null")));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = JsonValue(depth - 1);
        return Gen.Frequency(
            (5, scalar),
            (1, Join(inner, 0, 3, ",").Select(items => "[" + items + "]")),
            (2, JsonObject(depth - 1)));
    }

    private static Gen<string> JsonObject(int depth) =>
        Join(Concat(Gen.Elements(s_keys.Concat(["\"a\"", "\"\\u0061\""]).ToArray()).Select(k => k.StartsWith('"') ? k : Quote(k)), Gen.Elements(":", " : "), JsonValue(depth)), 0, 4, ",")
            .Select(members => "{" + members + "}");

    public static Gen<string> JsonEvent => JsonObject(3).SelectMany(json => Gen.Frequency(
        (12, Gen.Constant(json)),
        (1, Gen.Constant(" " + json + "\n")),
        (1, Gen.Choose(0, Math.Max(0, json.Length - 1)).Select(n => json[..n])),
        (1, Gen.Constant(json + "x")),
        (1, Gen.Constant("[" + json + "]"))));

    /// <summary>
    /// A JSON object with one character deleted, inserted or replaced anywhere (often deep inside a container no
    /// selector enters): valid or not, the matcher must tell, since a skipped subtree is still validated.
    /// </summary>
    public static Gen<string> MutatedJsonEvent => JsonObject(3).Where(json => json.Length > 2).SelectMany(json =>
        Gen.Frequency(
            (1, Gen.Choose(0, json.Length - 1)),
            (1, Gen.Elements(Enumerable.Range(0, json.Length).Where(i => json[i] is '{' or '}' or '[' or ']' or ',' or ':' or '"').ToArray())))
        .SelectMany(at => Gen.Elements("{", "}", "[", "]", ",", ":", "\"", "\\", " ", "0", "-", "e", ".", "t", "n", "\u0001").SelectMany(unit => Gen.Elements(
            json.Remove(at, 1),
            json.Insert(at, unit),
            json.Remove(at, 1).Insert(at, unit),
            json.Remove(at, 1).Insert(at, json[at] switch { '{' => "[", '[' => "{", '}' => "]", ']' => "}", _ => unit }),
            json.Insert(at, json[at] is '}' or ']' ? "," : unit)))));

    // Text that puts every kind of unit on both sides of 64-unit block boundaries: long strings with runs of
    // backslashes of each parity, escaped quotes, \u escapes, chars whose low byte is a quote, backslash or bracket
    // (U+0122, U+015C, U+017B), long whitespace.
    private static Gen<string> LongJsonString => Join(
            Gen.Frequency(
                (6, Gen.Elements("a", "ERROR", "WARN", " ", "é", "😀", "x.y")),
                (2, Gen.Elements("\\\\", "\\\\\\\\", "\\\"", "\\\\\\\"", "\\u0041", "\\/", "\\n", "\\t")),
                (1, Gen.Elements("\u0122", "\u015C", "\u017B", "\u017D", "\u0100", "\uFF3B")),
                (1, Gen.Choose(20, 140).Select(n => new string('b', n)))),
            0, 40, string.Empty)
        .Select(Quote2);

    private static string Quote2(string content) => "\"" + content + "\"";

    private static Gen<string> LongSpace => Gen.Elements("", "", "", " ", "\n\t", new string(' ', 40), new string(' ', 70));

    private static Gen<string> LongJsonValue(int depth)
    {
        var scalar = Gen.Frequency(
            (5, LongJsonString),
            (2, Gen.Elements("0", "-1", "42", "1.5e3", "-0.25", "123456789012345678901234567890")),
            (1, Gen.Elements("true", "false", "null")));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = LongJsonValue(depth - 1);
        return Gen.Frequency(
            (4, scalar),
            (1, Join(Concat(LongSpace, inner, LongSpace), 0, 5, ",").Select(items => "[" + items + "]")),
            (2, LongJsonObject(depth - 1)));
    }

    private static Gen<string> LongJsonObject(int depth) =>
        Join(Concat(LongSpace, Gen.Elements(s_keys.Concat(["a", "\\u0061", "ERROR"]).ToArray()).Select(Quote2), LongSpace, Gen.Constant(":"), LongSpace, LongJsonValue(depth), LongSpace), 0, 6, ",")
            .Select(members => "{" + members + "}");

    /// <summary>
    /// Long JSON objects (often several hundred units, strings and whitespace across 64-unit blocks), valid or with one
    /// unit deleted, inserted or replaced anywhere: for the structural walk, whose blocks these cross.
    /// </summary>
    public static Gen<string> LongJsonEvent => LongJsonObject(3).SelectMany(json => Gen.Frequency(
        (3, Gen.Constant(json)),
        (1, Gen.Constant(json + " ")),
        (1, Gen.Choose(0, Math.Max(0, json.Length - 1)).Select(n => json[..n])),
        (6, Gen.Choose(0, Math.Max(0, json.Length - 1)).SelectMany(at => Gen.Elements(
                "{", "}", "[", "]", ",", ":", "\"", "\\", " ", "0", "-", "e", "t", "\u0001", "\t", "\u0122", "\u015C", "\u017B", "\u00A0")
            .SelectMany(unit => Gen.Elements(json.Remove(at, Math.Min(1, json.Length - at)), json.Insert(at, unit), json.Remove(at, Math.Min(1, json.Length - at)).Insert(at, unit)))))));

    public static Gen<string> AnyEvent => Gen.Frequency((1, TextEvent), (1, JsonEvent));

    /// <summary>An event as UTF-8 bytes, often with invalid sequences spliced in.</summary>
    public static Gen<byte[]> Utf8Event =>
        AnyEvent.Select(Encoding.UTF8.GetBytes).SelectMany(bytes => Gen.Frequency(
            (2, Gen.Constant(bytes)),
            (3, Gen.Choose(0, bytes.Length).SelectMany(at => Gen.Elements<byte[]>([0x80], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF])
                .Select(junk => bytes[..at].Concat(junk).Concat(bytes[at..]).ToArray())))));

    /// <summary>An event as UTF-16, sometimes with an unpaired surrogate spliced in.</summary>
    public static Gen<string> Utf16Event =>
        AnyEvent.SelectMany(text => Gen.Frequency(
            (2, Gen.Constant(text)),
            (1, Gen.Choose(0, text.Length).SelectMany(at => Gen.Elements("\uD83D", "\uDE00", "\uDE00\uD83D").Select(junk => text.Insert(at, junk))))));
}
