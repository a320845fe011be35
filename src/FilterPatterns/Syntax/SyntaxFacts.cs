using System.Buffers;

namespace FilterPatterns.Syntax;

/// <summary>Character classes of the filter-pattern grammar (grammar/filter-pattern.ebnf).</summary>
internal static class SyntaxFacts
{
    /// <summary>blank = " " | tab | cr | lf ;</summary>
    public static ReadOnlySpan<char> Blanks => " \t\r\n";

    /// <summary>word_char = letter | digit | "_" ; (unquoted text terms)</summary>
    public static readonly SearchValues<char> WordChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    /// <summary>name_char = letter | digit | "_" | "-" ; (JSON selector names and space-delimited field names)</summary>
    public static readonly SearchValues<char> NameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>value_char = letter | digit | "_" | "." | "*" | "+" | "-" ; (unquoted values)</summary>
    public static readonly SearchValues<char> ValueChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.*+-");

    /// <summary>Characters that end an unquoted value: blanks and the punctuation that may follow a value.</summary>
    public static readonly SearchValues<char> ValueTerminators = SearchValues.Create(" \t\r\n)&|},]");

    /// <summary>regex_symbol: the symbols AWS allows as literals in a regular expression (space included: see grammar/README.md).</summary>
    public static readonly SearchValues<char> RegexSymbols = SearchValues.Create(":_#=@/;,- ");

    /// <summary>regex_operator: <c>^ $ ? [ ] { } | \ * + .</c></summary>
    public static readonly SearchValues<char> RegexOperators = SearchValues.Create("^$?[]{}|\\*+.");

    public static bool IsBlank(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetterOrDigit(c);

    public static bool IsWordChar(char c) => WordChars.Contains(c);

    public static bool IsNameChar(char c) => NameChars.Contains(c);

    /// <summary>Whether <paramref name="text"/> can be written without quotes as a text term.</summary>
    public static bool IsWord(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(WordChars);

    /// <summary>Whether <paramref name="text"/> can be written as a <c>.name</c> selector step or a field name.</summary>
    public static bool IsName(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExcept(NameChars);
}
