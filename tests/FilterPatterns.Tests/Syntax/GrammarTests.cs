using System.Text.RegularExpressions;

namespace FilterPatterns.Tests.Syntax;

/// <summary>The normative grammar and the parser stay in step: every production a Parse* method claims exists in
/// grammar/filter-pattern.ebnf, with the same text, and every structural production has its method.</summary>
public sealed partial class GrammarTests
{
    private static readonly string s_root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FilterPatterns.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root");
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\s+=\s+(?<body>.*?);", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Production();

    [GeneratedRegex(@"// (?<name>[a-z_]+) = (?<body>.*?;)", RegexOptions.Singleline)]
    private static partial Regex ParserComment();

    private static string Normalize(string text) =>
        Regex.Replace(Regex.Replace(text, @"\(\*.*?\*\)|//", " ", RegexOptions.Singleline), @"\s+", " ").Trim().TrimEnd(';').Trim();

    private static Dictionary<string, string> Grammar()
    {
        var text = File.ReadAllText(Path.Combine(s_root, "grammar", "filter-pattern.ebnf"));
        var withoutComments = Regex.Replace(text, @"\(\*.*?\*\)", " ", RegexOptions.Singleline);
        return Production().Matches(withoutComments).ToDictionary(m => m.Groups["name"].Value, m => Normalize(m.Groups["body"].Value));
    }

    private static IEnumerable<(string Name, string Body)> ParserProductions() =>
        new[] { "src/FilterPatterns/Syntax/Parser.cs", "src/FilterPatterns/Syntax/Regex/RegexParser.cs" }
            .SelectMany(file => ParserComment().Matches(File.ReadAllText(Path.Combine(s_root, file))))
            .Select(m => (m.Groups["name"].Value, Normalize(Regex.Replace(m.Groups["body"].Value, @"\(.*?\)\s*$", string.Empty))));

    [Fact]
    public void Every_production_quoted_in_the_parser_is_in_the_grammar_with_the_same_text()
    {
        var grammar = Grammar();
        var problems = ParserProductions()
            .Where(p => !grammar.TryGetValue(p.Name, out var expected) || expected != p.Body)
            .Select(p => grammar.TryGetValue(p.Name, out var expected)
                ? $"{p.Name}: parser says `{p.Body}`, grammar says `{expected}`"
                : $"{p.Name}: not in the grammar")
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Every_structural_production_is_implemented_by_a_parse_method()
    {
        // Lexical productions (characters, digits, names) are character classes in SyntaxFacts and NumberSyntax.
        string[] lexical = ["blanks", "blank", "word_char", "string_char", "regex_literal_char", "regex_symbol", "regex_operator",
            "class_char", "name", "name_char", "key", "index", "value_char", "number", "digits", "letter", "digit", "hex_digit",
            "class_item", "string_escape", "word", "unquoted_value", "bounds", "field_list"];
        var implemented = ParserProductions().Select(p => p.Name).ToHashSet();
        var missing = Grammar().Keys.Where(name => !lexical.Contains(name) && !implemented.Contains(name)).ToList();
        Assert.Empty(missing);
    }
}
