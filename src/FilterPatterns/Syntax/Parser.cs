using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Syntax.Ast;
using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Syntax;

/// <summary>
/// Hand-written recursive-descent parser for CloudWatch Logs filter patterns. Each Parse* method implements the
/// production of grammar/filter-pattern.ebnf written above it. Errors are thrown as
/// <see cref="FilterPatternException"/> at the offending offset.
/// </summary>
internal ref struct Parser
{
    private readonly string _pattern;
    private readonly FilterPatternOptions _options;
    private int _pos;
    private int _depth;
    private int _regexCount;
    private int _wildcardSelectorCount;

    private Parser(string pattern, FilterPatternOptions options)
    {
        _pattern = pattern;
        _options = options;
    }

    public static PatternSyntax Parse(string pattern, FilterPatternOptions options)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > options.MaxPatternLength)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.PatternTooLong, pattern, options.MaxPatternLength, pattern.Length - options.MaxPatternLength,
                $"the pattern has {pattern.Length} characters; at most {options.MaxPatternLength} are allowed");
        }

        CheckEncodable(pattern);
        var parser = new Parser(pattern, options);
        return parser.ParseFilterPattern();
    }

    // A pattern reaches AWS as UTF-8 JSON, so it cannot hold an unpaired surrogate; NUL is refused by the API too.
    private static void CheckEncodable(string pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c == '\0')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidCharacter, pattern, i, 1,
                    c == '\0' ? "the pattern contains a NUL character" : $"the pattern contains an unpaired surrogate U+{(int)c:X4}");
            }
        }
    }

    private readonly bool AtEnd => _pos >= _pattern.Length;

    private readonly char Current => _pattern[_pos];

    private readonly char PeekAt(int offset) => _pos + offset < _pattern.Length ? _pattern[_pos + offset] : '\0';

    private readonly bool LookingAt(string text) => _pattern.AsSpan(_pos).StartsWith(text, StringComparison.Ordinal);

    private void SkipBlanks()
    {
        while (!AtEnd && SyntaxFacts.IsBlank(Current))
        {
            _pos++;
        }
    }

    // filter_pattern = blanks, [ json_pattern | delimited_pattern | regex_pattern | text_pattern ], blanks ;
    private PatternSyntax ParseFilterPattern()
    {
        SkipBlanks();
        if (AtEnd)
        {
            return new TextPatternSyntax(EquatableArray<TermSyntax>.Empty, new SourceSpan(0, _pattern.Length));
        }

        return Current switch
        {
            '{' => ParseJsonPattern(),
            '[' => ParseDelimitedPattern(),
            '%' => ParseRegexPattern(),
            _ => ParseTextPattern(),
        };
    }

    // ---------------------------------------------------------------- text

    // text_pattern = term, { blank, blanks, term } ;
    private TextPatternSyntax ParseTextPattern()
    {
        var start = _pos;
        var terms = ImmutableArray.CreateBuilder<TermSyntax>();
        while (!AtEnd)
        {
            terms.Add(ParseTerm());
            SkipBlanks();
        }

        return new TextPatternSyntax(terms.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // term = [ "?" | "-" ], ( word | quoted_string ) ;
    // word = word_char, { word_char } ;
    // Like AWS, a term is first cut out of the pattern at blanks (blanks inside quotes do not cut), then checked
    // as a whole; a malformed one is reported as "Invalid character(s) in term '<term>'".
    private TermSyntax ParseTerm()
    {
        var start = _pos;
        var tokenEnd = FindTokenEnd(start);
        var role = TermRole.Required;
        if (Current is '?' or '-')
        {
            role = Current == '?' ? TermRole.Optional : TermRole.Excluded;
            _pos++;
            if (AtEnd || SyntaxFacts.IsBlank(Current))
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.EmptyTerm, _pattern, start, 1,
                    $"'{_pattern[start]}' must be followed by a term, e.g. {_pattern[start]}ERROR or {_pattern[start]}\"Connection reset\"");
            }
        }

        string text;
        if (Current == '"')
        {
            text = ParseQuotedString();
            if (_pos < tokenEnd)
            {
                ThrowInvalidTerm(start, tokenEnd, $"the quoted term ends at offset {_pos - 1} but the term goes on; separate terms with a space");
            }

            if (text.Length == 0)
            {
                ThrowInvalidTerm(start, tokenEnd, "a quoted term cannot be empty; write \" \" to match every event");
            }
        }
        else
        {
            var wordStart = _pos;
            while (!AtEnd && SyntaxFacts.IsWordChar(Current))
            {
                _pos++;
            }

            if (_pos < tokenEnd)
            {
                var token = _pattern.AsSpan(start, tokenEnd - start);
                if (token.Length >= 2 && token[0] == '%' && token[^1] == '%')
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.RegexMixedWithTerms, _pattern, start, tokenEnd - start,
                        "a regular expression must be the whole pattern; it cannot be combined with other terms");
                }

                ThrowInvalidTerm(start, tokenEnd,
                    $"{DescribeAt(_pos)} must be quoted; unquoted terms may only contain letters, digits and '_'");
            }

            text = _pattern[wordStart.._pos];
        }

        return new TermSyntax(role, text, SourceSpan.FromBounds(start, _pos));
    }

    private readonly void ThrowInvalidTerm(int start, int end, string detail) =>
        ThrowHelper.ThrowSyntax(FilterPatternError.InvalidCharacterInTerm, _pattern, start, end - start, detail);

    // The end of the blank-separated token starting at 'start'; quotes group blanks (escapes \" and \\ respected).
    private readonly int FindTokenEnd(int start)
    {
        var i = start;
        var quoted = false;
        while (i < _pattern.Length)
        {
            var c = _pattern[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < _pattern.Length && _pattern[i + 1] is '"' or '\\')
                {
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (SyntaxFacts.IsBlank(c))
            {
                break;
            }

            i++;
        }

        return i;
    }

    // quoted_string = '"', { string_char | string_escape }, '"' ;
    // string_escape = "\", ( '"' | "\" ) ;   (a backslash before any other character is kept, with it)
    private string ParseQuotedString()
    {
        var open = _pos;
        _pos++; // '"'
        var contentStart = _pos;
        StringBuilder? builder = null;
        while (true)
        {
            if (AtEnd)
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.UnterminatedQuotedString, _pattern, open, _pattern.Length - open,
                    "the quoted string that starts here never closes; add '\"' (write \\\" for a quote inside it)");
            }

            var c = Current;
            if (c == '"')
            {
                break;
            }

            if (c == '\\' && PeekAt(1) is '"' or '\\')
            {
                builder ??= new StringBuilder().Append(_pattern, contentStart, _pos - contentStart);
                builder.Append(PeekAt(1));
                _pos += 2;
                continue;
            }

            builder?.Append(c);
            _pos++;
        }

        var text = builder?.ToString() ?? _pattern[contentStart.._pos];
        _pos++; // '"'
        return text;
    }

    // ---------------------------------------------------------------- regex

    // regex_pattern = regex_literal ;
    private RegexPatternSyntax ParseRegexPattern()
    {
        var start = _pos;
        var regex = ParseRegexLiteral();
        SkipBlanks();
        if (!AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.RegexMixedWithTerms, _pattern, _pos, _pattern.Length - _pos,
                "a regular expression must be the whole pattern; nothing may follow its closing '%'");
        }

        return new RegexPatternSyntax(regex, SourceSpan.FromBounds(start, regex.Span.End));
    }

    // regex_literal = "%", regex, "%" ;   (the regex cannot contain '%', so the next '%' closes it)
    private RegexSyntax ParseRegexLiteral()
    {
        var open = _pos;
        var close = _pattern.IndexOf('%', open + 1);
        if (close < 0)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnterminatedRegex, _pattern, open, _pattern.Length - open,
                "the regular expression that starts here never closes; add '%'");
        }

        if (close == open + 1)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.EmptyRegex, _pattern, open, 2, "the regular expression is empty");
        }

        var tree = RegexParser.Parse(_pattern, open + 1, close);
        _pos = close + 1;
        return new RegexSyntax(tree, SourceSpan.FromBounds(open, _pos));
    }

    // ---------------------------------------------------------------- JSON

    // json_pattern = "{", blanks, json_or, blanks, "}" ;
    private JsonPatternSyntax ParseJsonPattern()
    {
        var start = _pos;
        var last = LastNonBlank();
        if (_pattern[last] != '}')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.MissingClosingBrace, _pattern, last + 1, 0,
                "a pattern that starts with '{' must end with '}'");
        }

        _pos++; // '{'
        SkipBlanks();
        if (Current == '}')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, _pos, 1,
                "the JSON pattern is empty; expected a condition such as $.level = \"ERROR\"");
        }

        var condition = ParseJsonOr();
        SkipBlanks();
        ExpectClosing('}', "'&&', '||' or '}'");
        SkipBlanks();
        if (!AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.TrailingCharacters, _pattern, _pos, _pattern.Length - _pos,
                "nothing may follow the '}' that closes the JSON pattern");
        }

        return new JsonPatternSyntax(condition, SourceSpan.FromBounds(start, _pos));
    }

    private readonly int LastNonBlank()
    {
        var i = _pattern.Length - 1;
        while (SyntaxFacts.IsBlank(_pattern[i]))
        {
            i--;
        }

        return i;
    }

    private void ExpectClosing(char closing, string expected)
    {
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedEnd, _pattern, _pos, 0, $"the pattern ends; expected {expected}");
        }

        if (Current != closing)
        {
            if (Current == ')')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.UnbalancedParentheses, _pattern, _pos, 1, "')' closes no '('");
            }

            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedCharacter, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)}; expected {expected}");
        }

        _pos++;
    }

    // json_or = json_and, { blanks, "||", blanks, json_and } ;
    private ConditionSyntax ParseJsonOr()
    {
        var start = _pos;
        var first = ParseJsonAnd();
        SkipBlanks();
        if (!LookingAt("||"))
        {
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<ConditionSyntax>();
        AddFlattened<OrSyntax>(operands, first);
        while (LookingAt("||"))
        {
            _pos += 2;
            SkipBlanks();
            AddFlattened<OrSyntax>(operands, ParseJsonAnd());
            SkipBlanks();
        }

        return new OrSyntax(operands.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // json_and = json_primary, { blanks, "&&", blanks, json_primary } ;
    private ConditionSyntax ParseJsonAnd()
    {
        var start = _pos;
        var first = ParseJsonPrimary();
        SkipBlanks();
        if (!LookingAt("&&"))
        {
            CheckStrayOperator();
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<ConditionSyntax>();
        AddFlattened<AndSyntax>(operands, first);
        while (LookingAt("&&"))
        {
            _pos += 2;
            SkipBlanks();
            AddFlattened<AndSyntax>(operands, ParseJsonPrimary());
            SkipBlanks();
        }

        CheckStrayOperator();
        return new AndSyntax(operands.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // A single '&' or '|' is a typo for '&&' or '||'.
    private readonly void CheckStrayOperator()
    {
        if (!AtEnd && Current is '&' or '|' && PeekAt(1) != Current)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedCharacter, _pattern, _pos, 1,
                $"unexpected '{Current}'; write '{Current}{Current}'");
        }
    }

    private static void AddFlattened<T>(ImmutableArray<ConditionSyntax>.Builder operands, ConditionSyntax operand)
        where T : ConditionSyntax
    {
        switch (operand)
        {
            case AndSyntax conjunction when typeof(T) == typeof(AndSyntax):
                operands.AddRange(conjunction.Operands.AsImmutableArray());
                break;
            case OrSyntax disjunction when typeof(T) == typeof(OrSyntax):
                operands.AddRange(disjunction.Operands.AsImmutableArray());
                break;
            default:
                operands.Add(operand);
                break;
        }
    }

    // json_primary = "(", blanks, json_or, blanks, ")" | json_condition ;
    private ConditionSyntax ParseJsonPrimary()
    {
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedEnd, _pattern, _pos, 0, "the pattern ends; expected a condition");
        }

        if (Current != '(')
        {
            return ParseJsonCondition();
        }

        var open = _pos;
        if (++_depth > _options.MaxNestingDepth)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.NestingTooDeep, _pattern, open, 1,
                $"parentheses nest deeper than {_options.MaxNestingDepth} levels");
        }

        _pos++;
        SkipBlanks();
        var inner = ParseJsonOr();
        SkipBlanks();
        if (AtEnd || Current != ')')
        {
            if (AtEnd || Current == '}')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.UnbalancedParentheses, _pattern, open, 1, "this '(' is never closed");
            }

            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedCharacter, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)}; expected '&&', '||' or ')'");
        }

        _pos++;
        _depth--;
        return inner;
    }

    // json_condition = selector, blanks, ( comparison_operator, blanks, value
    //                                    | "IS", blank, blanks, ( "TRUE" | "FALSE" | "NULL" )
    //                                    | "NOT", blank, blanks, "EXISTS" ) ;
    private ConditionSyntax ParseJsonCondition()
    {
        var start = _pos;
        var selector = ParseSelector();
        SkipBlanks();
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.ExpectedOperator, _pattern, _pos, 0,
                "the pattern ends; expected an operator (= != < > <= >=), IS or NOT EXISTS");
        }

        if (char.IsAsciiLetter(Current))
        {
            var keywordStart = _pos;
            var keyword = ReadLetters();
            switch (keyword)
            {
                case "IS":
                    {
                        SkipBlanks();
                        var literalStart = _pos;
                        var literal = ReadLetters();
                        JsonLiteral? tested = literal switch
                        {
                            "TRUE" => JsonLiteral.True,
                            "FALSE" => JsonLiteral.False,
                            "NULL" => JsonLiteral.Null,
                            _ => null,
                        };
                        if (tested is null)
                        {
                            ThrowHelper.ThrowSyntax(FilterPatternError.UnsupportedKeyword, _pattern, literalStart, Math.Max(1, literal.Length),
                                literal == "NOT"
                                    ? "IS NOT is not supported; use != for values or NOT EXISTS for absent properties"
                                    : $"IS must be followed by TRUE, FALSE or NULL, not {(literal.Length > 0 ? $"'{literal}'" : DescribeAt(literalStart))}");
                        }

                        return new JsonIsSyntax(selector, tested.Value, SourceSpan.FromBounds(start, _pos));
                    }

                case "NOT":
                    {
                        SkipBlanks();
                        var existsStart = _pos;
                        if (ReadLetters() != "EXISTS")
                        {
                            ThrowHelper.ThrowSyntax(FilterPatternError.UnsupportedKeyword, _pattern, existsStart, Math.Max(1, _pos - existsStart),
                                "NOT must be followed by EXISTS");
                        }

                        return new JsonNotExistsSyntax(selector, SourceSpan.FromBounds(start, _pos));
                    }

                case "EXISTS":
                    ThrowHelper.ThrowSyntax(FilterPatternError.UnsupportedKeyword, _pattern, keywordStart, keyword.Length,
                        "EXISTS is not supported; use = * to test that a property is present, or NOT EXISTS");
                    break;
            }

            ThrowHelper.ThrowSyntax(FilterPatternError.ExpectedOperator, _pattern, keywordStart, keyword.Length,
                string.Equals(keyword, "IS", StringComparison.OrdinalIgnoreCase) || string.Equals(keyword, "NOT", StringComparison.OrdinalIgnoreCase)
                    ? $"keywords are upper case: write {keyword.ToUpperInvariant()}"
                    : $"unexpected '{keyword}' after the selector; expected an operator (= != < > <= >=), IS or NOT EXISTS");
        }

        var op = ParseComparisonOperator();
        SkipBlanks();
        var value = ParseValue(op);
        return new JsonComparisonSyntax(selector, op, value, SourceSpan.FromBounds(start, _pos));
    }

    private string ReadLetters()
    {
        var start = _pos;
        while (!AtEnd && char.IsAsciiLetter(Current))
        {
            _pos++;
        }

        return _pattern[start.._pos];
    }

    // selector = "$", dot_step, { dot_step | index_step } ;
    private SelectorSyntax ParseSelector()
    {
        var start = _pos;
        if (Current != '$')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)}; expected a property selector starting with '$.', e.g. $.eventName");
        }

        _pos++;
        if (AtEnd || Current != '.')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, start, _pos - start + (AtEnd ? 0 : 1),
                "a selector starts with '$.' followed by a property name, e.g. $.eventName");
        }

        var steps = ImmutableArray.CreateBuilder<SelectorStep>();
        var wildcardAt = -1;
        while (!AtEnd && Current is '.' or '[')
        {
            var stepStart = _pos;
            var step = Current == '.' ? ParseDotStep() : ParseIndexStep();
            if (step.IsWildcard)
            {
                if (wildcardAt >= 0)
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.TooManyWildcardsInSelector, _pattern, stepStart, _pos - stepStart,
                        $"a selector may contain one wildcard; this one already has one at offset {wildcardAt}");
                }

                wildcardAt = stepStart;
            }

            steps.Add(step);
        }

        if (wildcardAt >= 0 && ++_wildcardSelectorCount > _options.MaxWildcardSelectors)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.TooManyWildcardSelectors, _pattern, start, _pos - start,
                $"a pattern may contain at most {_options.MaxWildcardSelectors} selectors with wildcards");
        }

        return new SelectorSyntax(steps.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // dot_step = ".", ( name | "*" | "[", "'", key, "'", "]" ) ;
    private SelectorStep ParseDotStep()
    {
        var dot = _pos;
        _pos++; // '.'
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, dot, 1, "the selector ends with '.'; expected a property name");
        }

        if (Current == '*')
        {
            _pos++;
            return SelectorStep.AnyProperty;
        }

        if (Current == '[')
        {
            if (PeekAt(1) != '\'')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, _pos, 1,
                    "after '.', '[' must open a quoted key such as ['key.with.dots']");
            }

            var open = _pos;
            var close = _pattern.IndexOf('\'', _pos + 2);
            if (close < 0 || close + 1 >= _pattern.Length || _pattern[close + 1] != ']')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, open, (close < 0 ? _pattern.Length : close + 1) - open,
                    "a quoted key is written ['key'] and cannot contain a single quote");
            }

            var key = _pattern[(open + 2)..close];
            _pos = close + 2;
            return SelectorStep.Property(key);
        }

        var nameStart = _pos;
        while (!AtEnd && SyntaxFacts.IsNameChar(Current))
        {
            _pos++;
        }

        if (_pos == nameStart)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)} after '.'; a property name may contain letters, digits, '_' and '-' (quote others: .['name'])");
        }

        return SelectorStep.Property(_pattern[nameStart.._pos]);
    }

    // index_step = "[", ( index | "*" ), "]" ;
    private SelectorStep ParseIndexStep()
    {
        var open = _pos;
        _pos++; // '['
        SelectorStep step;
        if (!AtEnd && Current == '*')
        {
            _pos++;
            step = SelectorStep.AnyIndex;
        }
        else
        {
            var digitsStart = _pos;
            while (!AtEnd && char.IsAsciiDigit(Current))
            {
                _pos++;
            }

            if (_pos == digitsStart)
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, open, Math.Min(2, _pattern.Length - open),
                    "'[' must be followed by an array index or '*', e.g. [0] or [*]; a quoted key is written .['key']");
            }

            if (!int.TryParse(_pattern.AsSpan(digitsStart, _pos - digitsStart), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, digitsStart, _pos - digitsStart,
                    "the array index is too large");
            }

            step = SelectorStep.Element(index);
        }

        if (AtEnd || Current != ']')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidSelector, _pattern, open, _pos - open,
                "the array index is not closed with ']'");
        }

        _pos++;
        return step;
    }

    // comparison_operator = "=" | "!=" | "<" | ">" | "<=" | ">=" ;
    private ComparisonOperator ParseComparisonOperator()
    {
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.ExpectedOperator, _pattern, _pos, 0,
                "the pattern ends; expected an operator (= != < > <= >=)");
        }

        var c = Current;
        var next = PeekAt(1);
        ComparisonOperator? op = (c, next) switch
        {
            ('!', '=') => ComparisonOperator.NotEqual,
            ('<', '=') => ComparisonOperator.LessThanOrEqual,
            ('>', '=') => ComparisonOperator.GreaterThanOrEqual,
            ('=', _) => ComparisonOperator.Equal,
            ('<', _) => ComparisonOperator.LessThan,
            ('>', _) => ComparisonOperator.GreaterThan,
            _ => null,
        };
        if (op is null)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.ExpectedOperator, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)}; expected an operator (= != < > <= >=)");
        }

        _pos += op is ComparisonOperator.NotEqual or ComparisonOperator.LessThanOrEqual or ComparisonOperator.GreaterThanOrEqual ? 2 : 1;
        return op.Value;
    }

    // value = quoted_string | regex_literal | unquoted_value ;
    // unquoted_value = value_char, { value_char } ;   (a number when it matches 'number')
    private ValueSyntax ParseValue(ComparisonOperator op)
    {
        var start = _pos;
        if (AtEnd || SyntaxFacts.ValueTerminators.Contains(Current))
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.ExpectedValue, _pattern, _pos, AtEnd ? 0 : 1,
                $"{(AtEnd ? "the pattern ends" : $"unexpected {DescribeAt(_pos)}")}; expected a value after the operator: a string, a number, * or %regex%");
        }

        ValueSyntax value;
        if (Current == '"')
        {
            var text = ParseQuotedString();
            value = StringValue(text, SourceSpan.FromBounds(start, _pos));
        }
        else if (Current == '%')
        {
            var regex = ParseRegexLiteral();
            if (++_regexCount > _options.MaxRegexesPerPattern)
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.TooManyRegexes, _pattern, start, _pos - start,
                    $"a JSON or space-delimited pattern may contain at most {_options.MaxRegexesPerPattern} regular expressions");
            }

            value = new RegexValueSyntax(regex, regex.Span);
        }
        else
        {
            if (Current is '=' or '!' or '<' or '>')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.ExpectedValue, _pattern, _pos, 1,
                    $"unexpected '{Current}' after the operator '{Operators.Text(op)}'; expected a value: a string, a number, * or %regex%");
            }

            while (!AtEnd && !SyntaxFacts.ValueTerminators.Contains(Current))
            {
                if (!SyntaxFacts.ValueChars.Contains(Current))
                {
                    var end = _pos;
                    while (end < _pattern.Length && !SyntaxFacts.ValueTerminators.Contains(_pattern[end]))
                    {
                        end++;
                    }

                    ThrowHelper.ThrowSyntax(FilterPatternError.ValueMustBeQuoted, _pattern, start, end - start,
                        $"{DescribeAt(_pos)} must be quoted: write \"{_pattern[start..end]}\"; unquoted values may only contain letters, digits and '_ . * + -'");
                }

                _pos++;
            }

            var text = _pattern[start.._pos];
            var span = SourceSpan.FromBounds(start, _pos);
            value = NumberSyntax.TryParse(text, out var number)
                ? new NumberValueSyntax(text, number, span)
                : StringValue(text, span);
        }

        if (op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual) && value is not NumberValueSyntax)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.OperatorNotSupportedForValue, _pattern, start, _pos - start,
                $"'{Operators.Text(op)}' compares numbers; strings, wildcards and regular expressions support only = and !=");
        }

        return value;
    }

    // A string value's leading and trailing stars are wildcards; a value of stars only matches anything present.
    private static ValueSyntax StringValue(string text, SourceSpan span)
    {
        var core = text.AsSpan().Trim('*');
        if (core.IsEmpty && text.Length > 0)
        {
            return new AnyValueSyntax(span);
        }

        return new StringValueSyntax(core.ToString(), text.StartsWith('*'), text.EndsWith('*'), span);
    }

    // ---------------------------------------------------------------- space-delimited

    // delimited_pattern = "[", blanks, [ field_list ], blanks, "]" ;
    // field_list = field, { blanks, ",", blanks, field }, [ blanks, "," ] ;
    private DelimitedPatternSyntax ParseDelimitedPattern()
    {
        var start = _pos;
        var last = LastNonBlank();
        if (_pattern[last] != ']' || last == start)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.MissingClosingBracket, _pattern, last + 1, 0,
                "a pattern that starts with '[' must end with ']'");
        }

        _pos++; // '['
        SkipBlanks();
        var fields = ImmutableArray.CreateBuilder<FieldSyntax>();
        var ellipsisAt = -1;
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Current != ']')
        {
            while (true)
            {
                var field = ParseField();
                switch (field)
                {
                    case EllipsisFieldSyntax when ellipsisAt >= 0:
                        ThrowHelper.ThrowSyntax(FilterPatternError.MultipleEllipses, _pattern, field.Span.Start, field.Span.Length,
                            $"a pattern may contain one '...'; the first is at offset {ellipsisAt}");
                        break;
                    case EllipsisFieldSyntax:
                        ellipsisAt = field.Span.Start;
                        break;
                    case NamedFieldSyntax named when !names.TryAdd(named.Name, named.Span.Start):
                        ThrowHelper.ThrowSyntax(FilterPatternError.DuplicateFieldName, _pattern, named.Span.Start, named.Name.Length,
                            $"the field name '{named.Name}' is already used at offset {names[named.Name]}");
                        break;
                }

                fields.Add(field);
                SkipBlanks();
                if (AtEnd)
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedEnd, _pattern, _pos, 0, "the pattern ends; expected ',' or ']'");
                }

                if (Current == ']')
                {
                    break;
                }

                if (Current != ',')
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedCharacter, _pattern, _pos, 1,
                        $"unexpected {DescribeAt(_pos)}; expected ',' or ']'" +
                        (field is NamedFieldSyntax { Condition: not null } && Current == '(' ? " (parentheses are not supported in space-delimited patterns)" : string.Empty));
                }

                var comma = _pos;
                _pos++;
                SkipBlanks();
                if (!AtEnd && Current == ']')
                {
                    // The documented trailing comma: one more, unnamed, field.
                    fields.Add(new UnnamedFieldSyntax(new SourceSpan(comma, 1)));
                    break;
                }
            }
        }

        _pos++; // ']'
        SkipBlanks();
        if (!AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.TrailingCharacters, _pattern, _pos, _pattern.Length - _pos,
                "nothing may follow the ']' that closes the space-delimited pattern");
        }

        return new DelimitedPatternSyntax(fields.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // field = "..." | field_name, [ blanks, field_or ] ;
    private FieldSyntax ParseField()
    {
        var start = _pos;
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedEnd, _pattern, _pos, 0, "the pattern ends; expected a field");
        }

        if (LookingAt("..."))
        {
            _pos += 3;
            return new EllipsisFieldSyntax(SourceSpan.FromBounds(start, _pos));
        }

        if (Current is ',' or ']')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.EmptyField, _pattern, _pos, 1,
                "empty field; only a trailing comma may add an unnamed field, e.g. [a, b,]");
        }

        var name = ParseFieldName();
        SkipBlanks();
        ConditionSyntax? condition = null;
        if (!AtEnd && Current is '=' or '!' or '<' or '>')
        {
            condition = ParseFieldOr(name, start);
        }
        else if (!AtEnd && Current is not (',' or ']'))
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedCharacter, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)} after the field name '{name}'; expected an operator (= != < > <= >=), ',' or ']'");
        }

        return new NamedFieldSyntax(name, condition, SourceSpan.FromBounds(start, _pos));
    }

    // field_name = name_char, { name_char } ;   (not all digits: $1..$n are positional keys)
    private string ParseFieldName()
    {
        var start = _pos;
        while (!AtEnd && SyntaxFacts.IsNameChar(Current))
        {
            _pos++;
        }

        if (_pos == start)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidFieldName, _pattern, _pos, 1,
                $"unexpected {DescribeAt(_pos)}; expected a field name (letters, digits, '_' and '-') or '...'");
        }

        var name = _pattern[start.._pos];
        if (!name.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidFieldName, _pattern, start, name.Length,
                $"the field name '{name}' is all digits, which would clash with the positional key ${name}");
        }

        return name;
    }

    // field_or = field_and, { blanks, "||", blanks, field_name, blanks, field_and } ;
    // Every comparison in one field must name that field.
    private ConditionSyntax ParseFieldOr(string name, int start)
    {
        var first = ParseFieldAnd(name, start);
        SkipBlanks();
        if (!LookingAt("||"))
        {
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<ConditionSyntax>();
        operands.Add(first);
        while (LookingAt("||"))
        {
            _pos += 2;
            SkipBlanks();
            var operandStart = _pos;
            ExpectSameField(name);
            SkipBlanks();
            operands.Add(ParseFieldAnd(name, operandStart));
            SkipBlanks();
        }

        return new OrSyntax(operands.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // field_and = field_comparison, { blanks, "&&", blanks, field_name, blanks, field_comparison } ;
    private ConditionSyntax ParseFieldAnd(string name, int start)
    {
        var first = ParseFieldComparison(name, start);
        SkipBlanks();
        if (!LookingAt("&&"))
        {
            CheckStrayOperator();
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<ConditionSyntax>();
        operands.Add(first);
        while (LookingAt("&&"))
        {
            _pos += 2;
            SkipBlanks();
            var operandStart = _pos;
            ExpectSameField(name);
            SkipBlanks();
            operands.Add(ParseFieldComparison(name, operandStart));
            SkipBlanks();
        }

        CheckStrayOperator();
        return new AndSyntax(operands.ToImmutable(), SourceSpan.FromBounds(start, _pos));
    }

    // field_comparison = comparison_operator, blanks, value ;
    private FieldComparisonSyntax ParseFieldComparison(string name, int start)
    {
        var op = ParseComparisonOperator();
        SkipBlanks();
        var value = ParseValue(op);
        return new FieldComparisonSyntax(name, op, value, SourceSpan.FromBounds(start, _pos));
    }

    private void ExpectSameField(string name)
    {
        var start = _pos;
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedEnd, _pattern, _pos, 0, $"the pattern ends; expected the field name '{name}'");
        }

        if (Current == '(')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.UnexpectedCharacter, _pattern, _pos, 1,
                "parentheses are not supported in space-delimited patterns");
        }

        var other = ParseFieldName();
        if (!string.Equals(other, name, StringComparison.Ordinal))
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.ConditionOnDifferentField, _pattern, start, other.Length,
                $"a condition in the field '{name}' must be about '{name}', not '{other}'; each field has its own conditions");
        }
    }

    // ---------------------------------------------------------------- helpers

    private readonly string DescribeAt(int position)
    {
        if (position >= _pattern.Length)
        {
            return "the end of the pattern";
        }

        var c = _pattern[position];
        return c switch
        {
            ' ' => "' ' (space)",
            '\t' => "a tab",
            '\r' or '\n' => "a line break",
            _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
            _ when char.IsHighSurrogate(c) && position + 1 < _pattern.Length => $"'{_pattern.Substring(position, 2)}'",
            _ => $"'{c}'",
        };
    }
}
