namespace FilterPatterns.Tests.Syntax;

/// <summary>Where and why patterns are rejected: the error kind and the offset, never the wording.</summary>
public sealed class ParserTests
{
    /// <summary>At least one pattern for every rejection kind the parser can produce, with its offset.</summary>
    public static TheoryData<string, FilterPatternError, int> Rejections => new()
    {
        { new string('a', 1025), FilterPatternError.PatternTooLong, 1024 },
        { "{ $.a = 1 ) }", FilterPatternError.UnbalancedParentheses, 10 },
        { "{ ($.a = 1 }", FilterPatternError.UnbalancedParentheses, 2 },
        { "{ $.a = 1 $.b = 2 }", FilterPatternError.UnexpectedCharacter, 10 },
        { "{ $.a = 1 & $.b = 2 }", FilterPatternError.UnexpectedCharacter, 10 },
        { "ERROR foo@bar", FilterPatternError.InvalidCharacterInTerm, 6 },
        { "\"\"", FilterPatternError.InvalidCharacterInTerm, 0 },
        { "\"a\"b", FilterPatternError.InvalidCharacterInTerm, 0 },
        { "ERROR \"open", FilterPatternError.UnterminatedQuotedString, 6 },
        { "{ $.a = \"open }", FilterPatternError.UnterminatedQuotedString, 8 },
        { "ERROR ? WARN", FilterPatternError.EmptyTerm, 6 },
        { "ERROR -", FilterPatternError.EmptyTerm, 6 },
        { "%abc", FilterPatternError.UnterminatedRegex, 0 },
        { "{ $.a = %abc }", FilterPatternError.UnterminatedRegex, 8 },
        { "%%", FilterPatternError.EmptyRegex, 0 },
        { "%a!b%", FilterPatternError.InvalidRegexCharacter, 2 },
        { "%aéb%", FilterPatternError.InvalidRegexCharacter, 2 },
        { "%a(b)%", FilterPatternError.RegexGroupNotSupported, 2 },
        { @"%a\bc%", FilterPatternError.InvalidRegexEscape, 2 },
        { @"%a\x4%", FilterPatternError.InvalidRegexEscape, 2 },
        { @"%a\x80%", FilterPatternError.InvalidRegexEscape, 2 },
        { @"%a\%", FilterPatternError.InvalidRegexEscape, 2 },
        { "%*a%", FilterPatternError.InvalidRegexQuantifier, 1 },
        { "%a**%", FilterPatternError.InvalidRegexQuantifier, 3 },
        { "%a|+b%", FilterPatternError.InvalidRegexQuantifier, 3 },
        { "%^*a%", FilterPatternError.InvalidRegexQuantifier, 2 },
        { "%a{2,1}%", FilterPatternError.InvalidRegexQuantifier, 2 },
        { "%a{}%", FilterPatternError.InvalidRegexQuantifier, 2 },
        { "%a{,}%", FilterPatternError.InvalidRegexQuantifier, 2 },
        { "%a{2%", FilterPatternError.InvalidRegexQuantifier, 2 },
        { "%a}%", FilterPatternError.InvalidRegexQuantifier, 2 },
        { "%[a%", FilterPatternError.InvalidRegexCharacterClass, 1 },
        { "%[]a]%", FilterPatternError.InvalidRegexCharacterClass, 1 },
        { "%[z-a]%", FilterPatternError.InvalidRegexCharacterClass, 2 },
        { @"%[\d-z]%", FilterPatternError.InvalidRegexCharacterClass, 2 },
        { "%a]%", FilterPatternError.InvalidRegexCharacterClass, 2 },
        { "%a{1001}%", FilterPatternError.RegexTooComplex, 3 },
        { "{ $.a = %a% || $.b = %b% || $.c = %c% }", FilterPatternError.TooManyRegexes, 34 },
        { "%a% b", FilterPatternError.RegexMixedWithTerms, 4 },
        { "{ $.a = 1", FilterPatternError.MissingClosingBrace, 9 },
        { "{ $.a = 1 } x", FilterPatternError.MissingClosingBrace, 13 },
        { "{ a = 1 }", FilterPatternError.InvalidSelector, 2 },
        { "{ $a = 1 }", FilterPatternError.InvalidSelector, 2 },
        { "{ $. = 1 }", FilterPatternError.InvalidSelector, 4 },
        { "{ $.a[x] = 1 }", FilterPatternError.InvalidSelector, 5 },
        { "{ $.a[0 = 1 }", FilterPatternError.InvalidSelector, 5 },
        { "{ $.['a = 1 }", FilterPatternError.InvalidSelector, 4 },
        { "{ $.a[99999999999] = 1 }", FilterPatternError.InvalidSelector, 6 },
        { "{ }", FilterPatternError.InvalidSelector, 2 },
        { "{ $.*[*] = 1 }", FilterPatternError.TooManyWildcardsInSelector, 5 },
        { "{ $.a[*] = 1 || $.b[*] = 1 || $.c[*] = 1 || $.*.d = 1 }", FilterPatternError.TooManyWildcardSelectors, 44 },
        { "{ $.a }", FilterPatternError.ExpectedOperator, 6 },
        { "{ $.a == 1 }", FilterPatternError.ExpectedValue, 7 },
        { "{ $.a foo 1 }", FilterPatternError.ExpectedOperator, 6 },
        { "{ $.a is null }", FilterPatternError.ExpectedOperator, 6 },
        { "{ $.a = }", FilterPatternError.ExpectedValue, 8 },
        { "{ $.a > \"x\" }", FilterPatternError.OperatorNotSupportedForValue, 8 },
        { "{ $.a > 4* }", FilterPatternError.OperatorNotSupportedForValue, 8 },
        { "{ $.a < %4% }", FilterPatternError.OperatorNotSupportedForValue, 8 },
        { "{ $.a >= * }", FilterPatternError.OperatorNotSupportedForValue, 9 },
        { "{ $.a IS NOT NULL }", FilterPatternError.UnsupportedKeyword, 9 },
        { "{ $.a IS MAYBE }", FilterPatternError.UnsupportedKeyword, 9 },
        { "{ $.a EXISTS }", FilterPatternError.UnsupportedKeyword, 6 },
        { "{ $.a NOT NULL }", FilterPatternError.UnsupportedKeyword, 10 },
        { "[a, b", FilterPatternError.MissingClosingBracket, 5 },
        { "[a, (b)]", FilterPatternError.InvalidFieldName, 4 },
        { "[a, 12]", FilterPatternError.InvalidFieldName, 4 },
        { "[a, b, a]", FilterPatternError.DuplicateFieldName, 7 },
        { "[a = 1 && b = 2]", FilterPatternError.ConditionOnDifferentField, 10 },
        { "[a, ..., b, ...]", FilterPatternError.MultipleEllipses, 12 },
        { "[a, , b]", FilterPatternError.EmptyField, 4 },
        { "[, a]", FilterPatternError.EmptyField, 1 },
        { "[a b]", FilterPatternError.UnexpectedCharacter, 3 },
        { "[a = 1 || (a = 2)]", FilterPatternError.UnexpectedCharacter, 10 },
        { "{ $.a = x@y }", FilterPatternError.ValueMustBeQuoted, 8 },
        { "[a = x:y]", FilterPatternError.ValueMustBeQuoted, 5 },
        { "{ $.a = 1 } }", FilterPatternError.TrailingCharacters, 12 },
        { "[a] ]", FilterPatternError.TrailingCharacters, 4 },
        { "ERROR\0", FilterPatternError.InvalidCharacter, 5 },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public void Rejects_with_kind_and_offset(string pattern, FilterPatternError error, int offset)
    {
        var e = Assert.Throws<FilterPatternException>(() => FilterPattern.Parse(pattern));
        Assert.Equal((error, offset), (e.Error, e.Offset));
        Assert.Equal(pattern, e.Pattern);
        Assert.IsAssignableFrom<ArgumentException>(e);
        Assert.Equal("filterPattern", e.ParamName);
        Assert.Contains($"(at offset {offset})", e.Message, StringComparison.Ordinal);
        Assert.StartsWith(e.AwsMessage, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_rejection_kind_is_exercised()
    {
        var covered = Rejections.Select(row => (FilterPatternError)row[1]).ToHashSet();
        var missing = Enum.GetValues<FilterPatternError>()
            .Where(e => e is not (FilterPatternError.None or FilterPatternError.UnexpectedEnd or FilterPatternError.NestingTooDeep))
            .Where(e => !covered.Contains(e))
            .ToList();
        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("ERROR foo@bar", "Invalid character(s) in term 'foo@bar'")]
    [InlineData("\"\"", "Invalid character(s) in term '\"\"'")]
    [InlineData("é@", "Invalid character(s) in term '?@'")]
    [InlineData("%a(b)%", "Invalid character(s) in term '%a(b)%'")]
    [InlineData("{ $.a = %a!% }", "Invalid character(s) in term '%a!%'")]
    [InlineData("{ $.a = 1", "If a filter pattern starts with '{' it must end with '}'")]
    [InlineData("{ $.a == 1 }", "Invalid filter pattern")]
    [InlineData("[a = 1 && b = 2]", "Invalid filter pattern")]
    public void Aws_message_mirrors_what_CloudWatch_answers(string pattern, string awsMessage) =>
        Assert.Equal(awsMessage, Assert.Throws<FilterPatternException>(() => FilterPattern.Parse(pattern)).AwsMessage);

    [Fact]
    public void Unpaired_surrogates_are_refused_paired_ones_are_fine()
    {
        // Built here rather than in theory data: xunit's serialization replaces a lone surrogate.
        var e = Assert.Throws<FilterPatternException>(() => FilterPattern.Parse("\"a" + '\uD800' + "\""));
        Assert.Equal((FilterPatternError.InvalidCharacter, 2), (e.Error, e.Offset));
        Assert.Equal(FilterPatternError.InvalidCharacter, Assert.Throws<FilterPatternException>(() => FilterPattern.Parse("x" + '\uDC00')).Error);
        Assert.True(FilterPattern.Parse("\"😀\"").IsMatch("smile 😀"));
    }

    [Fact]
    public void Too_long_pattern_uses_the_request_validation_message()
    {
        var e = Assert.Throws<FilterPatternException>(() => FilterPattern.Parse(new string('a', 1025)));
        Assert.StartsWith("1 validation error detected: Value '", e.AwsMessage, StringComparison.Ordinal);
        Assert.EndsWith("at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to 1024", e.AwsMessage, StringComparison.Ordinal);
        Assert.NotNull(FilterPattern.Parse(new string('a', 1024)));
    }

    [Fact]
    public void TryParse_reports_without_throwing()
    {
        Assert.False(FilterPattern.TryParse("{ $.a = ", out var none));
        Assert.Null(none);
        Assert.False(FilterPattern.TryParse("%a(%", FilterPatternOptions.Default, out _, out var error));
        Assert.Equal(FilterPatternError.RegexGroupNotSupported, error.Error);
        Assert.False(FilterPattern.TryParse(null, out _));
        Assert.True(FilterPattern.TryParse("ERROR", out var pattern));
        Assert.Equal(FilterPatternKind.Text, pattern.Kind);
    }

    [Theory]
    [InlineData("", FilterPatternKind.MatchAll)]
    [InlineData("   ", FilterPatternKind.MatchAll)]
    [InlineData("\" \"", FilterPatternKind.MatchAll)]
    [InlineData("ERROR", FilterPatternKind.Text)]
    [InlineData("  %a%  ", FilterPatternKind.Regex)]
    [InlineData("{ $.a = 1 }", FilterPatternKind.Json)]
    [InlineData(" []", FilterPatternKind.SpaceDelimited)]
    public void Family_is_chosen_by_the_first_non_blank_character(string pattern, FilterPatternKind kind) =>
        Assert.Equal(kind, FilterPattern.Parse(pattern).Kind);

    [Fact]
    public void Options_change_the_limits()
    {
        var relaxed = FilterPatternOptions.Default with { MaxPatternLength = 2048, MaxRegexesPerPattern = 3, MaxWildcardSelectors = 4 };
        Assert.NotNull(FilterPattern.Parse(new string('a', 2000), relaxed));
        Assert.NotNull(FilterPattern.Parse("{ $.a = %a% || $.b = %b% || $.c = %c% }", relaxed));
        var strict = FilterPatternOptions.Default with { MaxNestingDepth = 2 };
        Assert.Equal(FilterPatternError.NestingTooDeep,
            Assert.Throws<FilterPatternException>(() => FilterPattern.Parse("{ ((($.a = 1))) }", strict)).Error);
        Assert.Throws<ArgumentOutOfRangeException>(() => FilterPattern.Parse("a", FilterPatternOptions.Default with { MaxJsonDepth = 0 }));
    }
}
