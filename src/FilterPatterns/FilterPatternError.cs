namespace FilterPatterns;

/// <summary>
/// The kind of problem that made <see cref="FilterPattern.Parse(string)"/> reject a pattern.
/// Every value corresponds to a pattern that Amazon CloudWatch Logs answers with
/// <c>InvalidParameterException</c>; <see cref="FilterPatternException.AwsMessage"/> carries the text AWS is known to use.
/// </summary>
/// <remarks>Values are stable: new kinds are only ever appended.</remarks>
public enum FilterPatternError
{
    /// <summary>No error. Never carried by an exception.</summary>
    None = 0,

    /// <summary>The pattern is longer than <see cref="FilterPatternOptions.MaxPatternLength"/> (1024 characters, as in AWS).</summary>
    PatternTooLong,

    /// <summary>A character appears where the grammar does not allow it, e.g. <c>)</c> after a complete JSON expression.</summary>
    UnexpectedCharacter,

    /// <summary>The pattern ends where more was required (also: a null pattern given to <see cref="FilterPattern.TryParse(string?, out FilterPattern?)"/>).</summary>
    UnexpectedEnd,

    /// <summary>An unquoted term contains characters other than ASCII letters, digits and <c>_</c>, or a quoted term is empty (<c>""</c>). AWS: <c>Invalid character(s) in term</c>.</summary>
    InvalidCharacterInTerm,

    /// <summary>A <c>"</c> opens a quoted term, phrase or value that never closes.</summary>
    UnterminatedQuotedString,

    /// <summary>A <c>?</c> or <c>-</c> prefix is not followed by a term.</summary>
    EmptyTerm,

    /// <summary>A <c>%</c> opens a regular expression that never closes.</summary>
    UnterminatedRegex,

    /// <summary>A regular expression is empty (<c>%%</c>).</summary>
    EmptyRegex,

    /// <summary>A regular expression contains a character outside AWS's allowed set (letters, digits, <c>: _ # = @ / ; , -</c>, space and the operators), e.g. <c>!</c> or any non-ASCII character.</summary>
    InvalidRegexCharacter,

    /// <summary>A regular expression uses <c>(</c> or <c>)</c>; AWS supports no groups (write <c>\x28</c>, <c>\x29</c>).</summary>
    RegexGroupNotSupported,

    /// <summary>A backslash escape AWS does not support, e.g. <c>\b</c> or <c>\x4</c>.</summary>
    InvalidRegexEscape,

    /// <summary>A quantifier with nothing to repeat, a quantifier on a quantifier, or a malformed <c>{m,n}</c>.</summary>
    InvalidRegexQuantifier,

    /// <summary>A character class that is unterminated, empty or has a reversed range (<c>[z-a]</c>).</summary>
    InvalidRegexCharacterClass,

    /// <summary>
    /// The regular expression is valid but too large: a repetition count above 1000, or more than 10,000 character
    /// positions once its repetitions are written out (<c>x{m,n}</c> counts n).
    /// </summary>
    RegexTooComplex,

    /// <summary>More than two regular expressions in one JSON or space-delimited pattern.</summary>
    TooManyRegexes,

    /// <summary>A regular expression pattern (<c>%...%</c>) is followed or preceded by other text.</summary>
    RegexMixedWithTerms,

    /// <summary>A pattern that starts with <c>{</c> does not end with <c>}</c>. AWS: <c>If a filter pattern starts with '{' it must end with '}'</c>.</summary>
    MissingClosingBrace,

    /// <summary>A JSON property selector is malformed: it must start with <c>$.</c> and continue with names, <c>[N]</c>, <c>[*]</c>, <c>.*</c> or <c>.['key']</c>.</summary>
    InvalidSelector,

    /// <summary>A JSON property selector contains more than one wildcard.</summary>
    TooManyWildcardsInSelector,

    /// <summary>A JSON pattern contains more than three selectors with wildcards.</summary>
    TooManyWildcardSelectors,

    /// <summary>A comparison operator (<c>= != &lt; &gt; &lt;= &gt;=</c>, <c>IS</c>, <c>NOT EXISTS</c>) was expected.</summary>
    ExpectedOperator,

    /// <summary>A value (string, number, <c>*</c> or <c>%regex%</c>) was expected after an operator.</summary>
    ExpectedValue,

    /// <summary>The operator cannot be used with this value, e.g. <c>&gt;</c> with a string, wildcard or regular expression.</summary>
    OperatorNotSupportedForValue,

    /// <summary>A keyword AWS does not support: <c>IS NOT</c>, <c>EXISTS</c> without <c>NOT</c>, or <c>IS</c> followed by anything but <c>TRUE</c>, <c>FALSE</c>, <c>NULL</c>.</summary>
    UnsupportedKeyword,

    /// <summary>Parentheses do not balance.</summary>
    UnbalancedParentheses,

    /// <summary>Parentheses nest deeper than <see cref="FilterPatternOptions.MaxNestingDepth"/>.</summary>
    NestingTooDeep,

    /// <summary>A space-delimited pattern that starts with <c>[</c> does not end with <c>]</c>.</summary>
    MissingClosingBracket,

    /// <summary>A space-delimited field name is malformed (allowed: ASCII letters, digits, <c>_</c> and <c>-</c>, not all digits).</summary>
    InvalidFieldName,

    /// <summary>Two fields of a space-delimited pattern have the same name.</summary>
    DuplicateFieldName,

    /// <summary>A condition inside one field of a space-delimited pattern names another field (<c>[a = 1 &amp;&amp; b = 2]</c>).</summary>
    ConditionOnDifferentField,

    /// <summary>A space-delimited pattern contains more than one <c>...</c>.</summary>
    MultipleEllipses,

    /// <summary>A space-delimited pattern has an empty field other than the documented trailing one (<c>[a, , b]</c>).</summary>
    EmptyField,

    /// <summary>An unquoted value contains characters that must be quoted (anything but letters, digits, <c>_ . * + -</c>).</summary>
    ValueMustBeQuoted,

    /// <summary>Text follows the closing <c>}</c> or <c>]</c> of a JSON or space-delimited pattern.</summary>
    TrailingCharacters,

    /// <summary>A pattern contains a control character or an unpaired UTF-16 surrogate, which AWS cannot receive.</summary>
    InvalidCharacter,
}
