using System.Collections.Immutable;
using System.Globalization;
using FilterPatterns.Internal;

namespace FilterPatterns.Syntax.Regex;

/// <summary>
/// Recursive-descent parser for AWS's restricted regular expressions (grammar/filter-pattern.ebnf, "Regular
/// expressions"). Works on the text between the percent signs; offsets in errors are offsets in the whole pattern.
/// </summary>
internal ref struct RegexParser
{
    /// <summary>
    /// Largest repetition bound accepted; the compiler also bounds the positions of the whole expression, written out
    /// (<c>RegexNfa.MaxPositions</c>).
    /// </summary>
    public const int MaxRepetition = 1000;

    private readonly string _pattern;
    private readonly int _end;
    private int _pos;

    private RegexParser(string pattern, int start, int end)
    {
        _pattern = pattern;
        _pos = start;
        _end = end;
    }

    /// <summary>Parses <c>pattern[start..end)</c>, the text between a regex's percent signs.</summary>
    public static RegexTree Parse(string pattern, int start, int end)
    {
        var parser = new RegexParser(pattern, start, end);
        parser.CheckCharacters();
        return parser.ParseRegex();
    }

    private readonly bool AtEnd => _pos >= _end;

    private readonly char Current => _pattern[_pos];

    // Every character must be one AWS allows: ASCII letters and digits, the symbols : _ # = @ / ; , - (and space),
    // and the operators ^ $ ? [ ] { } | \ * + . ; parentheses get their own error because AWS documents the workaround.
    private readonly void CheckCharacters()
    {
        for (var i = _pos; i < _end; i++)
        {
            var c = _pattern[i];
            if (char.IsAsciiLetterOrDigit(c) || SyntaxFacts.RegexSymbols.Contains(c) || SyntaxFacts.RegexOperators.Contains(c))
            {
                continue;
            }

            if (c is '(' or ')')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.RegexGroupNotSupported, _pattern, i, 1,
                    $"'{c}' is not supported in a regular expression (AWS has no groups); write \\x{(int)c:x2} to match it");
            }

            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexCharacter, _pattern, i, char.IsSurrogate(c) ? 2 : 1,
                $"{Describe(c)} is not allowed in a regular expression; allowed are ASCII letters, digits, ': _ # = @ / ; , -', space and the operators '^ $ ? [ ] {{ }} | \\ * + .'" +
                (c < 128 ? $"; write \\x{(int)c:x2} to match it" : "; multi-byte characters are not supported"));
        }
    }

    // regex = branch, { "|", branch } ;
    private RegexTree ParseRegex()
    {
        var start = _pos;
        var branches = ImmutableArray.CreateBuilder<EquatableArray<RegexPiece>>();

        // perf: one builder for every branch's pieces (each branch copies its own out), not one per branch: a
        // 1024-character expression of 70 alternatives allocated 35 KB of builders.
        var pieces = ImmutableArray.CreateBuilder<RegexPiece>();
        branches.Add(ParseBranch(pieces));
        while (!AtEnd && Current == '|')
        {
            _pos++;
            branches.Add(ParseBranch(pieces));
        }

        System.Diagnostics.Debug.Assert(AtEnd, "a branch only stops at '|' or the end");
        return new RegexTree(_pattern[start.._end], branches.ToImmutable());
    }

    // branch = { piece } ;
    private EquatableArray<RegexPiece> ParseBranch(ImmutableArray<RegexPiece>.Builder pieces)
    {
        pieces.Clear();
        while (!AtEnd && Current != '|')
        {
            pieces.Add(ParsePiece());
        }

        return pieces.ToImmutable();
    }

    // piece = atom, [ quantifier ] ;
    private RegexPiece ParsePiece()
    {
        var atomStart = _pos;
        var piece = ParseAtom();
        if (!AtEnd && IsQuantifierStart(Current))
        {
            var quantifierStart = _pos;
            if (piece.Kind != RegexAtomKind.Set)
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, quantifierStart, 1,
                    $"'{Current}' follows the anchor '{_pattern[atomStart]}', which cannot be repeated");
            }

            var (min, max) = ParseQuantifier();
            piece = piece with { Min = min, Max = max };
            if (!AtEnd && IsQuantifierStart(Current))
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, _pos, 1,
                    $"'{Current}' repeats the quantifier '{_pattern[quantifierStart.._pos]}'; a quantifier cannot be repeated");
            }
        }

        return piece;
    }

    private static bool IsQuantifierStart(char c) => c is '?' or '*' or '+' or '{';

    // atom = "." | "^" | "$" | class | escape | regex_literal_char ;
    private RegexPiece ParseAtom()
    {
        var c = Current;
        switch (c)
        {
            case '.':
                _pos++;
                return new RegexPiece(RegexAtomKind.Set, CharSet.AnyButNewline, 1, 1);
            case '^':
                _pos++;
                return new RegexPiece(RegexAtomKind.Start, CharSet.Empty, 1, 1);
            case '$':
                _pos++;
                return new RegexPiece(RegexAtomKind.End, CharSet.Empty, 1, 1);
            case '[':
                return new RegexPiece(RegexAtomKind.Set, ParseClass(), 1, 1);
            case '\\':
                return new RegexPiece(RegexAtomKind.Set, ParseEscape(), 1, 1);
            case '?' or '*' or '+' or '{':
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, _pos, 1,
                    $"'{c}' has nothing to repeat; write \\{c} to match it");
                break;
            case ']':
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexCharacterClass, _pattern, _pos, 1,
                    "']' closes no character class; write \\] to match it");
                break;
            case '}':
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, _pos, 1,
                    "'}' closes no repetition; write \\} to match it");
                break;
        }

        _pos++;
        return new RegexPiece(RegexAtomKind.Set, CharSet.Of(c), 1, 1);
    }

    // quantifier = "?" | "*" | "+" | "{", bounds, "}" ;
    // bounds = count | count, "," | ",", count | count, ",", count ;
    private (int Min, int Max) ParseQuantifier()
    {
        var start = _pos;
        switch (Current)
        {
            case '?':
                _pos++;
                return (0, 1);
            case '*':
                _pos++;
                return (0, RegexPiece.Unbounded);
            case '+':
                _pos++;
                return (1, RegexPiece.Unbounded);
        }

        _pos++; // '{'
        var min = ParseBound(out var hasMin);
        var max = min;
        var hasComma = false;
        if (!AtEnd && Current == ',')
        {
            hasComma = true;
            _pos++;
            max = ParseBound(out var hasMax);
            if (!hasMax)
            {
                max = RegexPiece.Unbounded;
            }

            if (!hasMin && !hasMax)
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, start, _pos - start + 1,
                    "'{,}' gives neither bound; write {m}, {m,}, {,n} or {m,n}");
            }
        }

        if (AtEnd || Current != '}')
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, AtEnd ? start : _pos, AtEnd ? 1 : 1,
                AtEnd ? "'{' opens a repetition that never closes; write \\{ to match it"
                      : $"unexpected {Describe(Current)} in a repetition; expected a digit, ',' or '}}'");
        }

        _pos++; // '}'
        if (!hasMin && !hasComma)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, start, _pos - start,
                "'{}' gives no bound; write {m}, {m,}, {,n} or {m,n}");
        }

        if (max != RegexPiece.Unbounded && max < min)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexQuantifier, _pattern, start, _pos - start,
                $"the repetition '{_pattern[start.._pos]}' has its bounds in the wrong order");
        }

        return (min, max);
    }

    // count = digit, { digit } ;
    private int ParseBound(out bool present)
    {
        var start = _pos;
        while (!AtEnd && char.IsAsciiDigit(Current))
        {
            _pos++;
        }

        present = _pos > start;
        if (!present)
        {
            return 0;
        }

        if (!int.TryParse(_pattern.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > MaxRepetition)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.RegexTooComplex, _pattern, start, _pos - start,
                $"the repetition count {_pattern[start.._pos]} is above {MaxRepetition}");
        }

        return value;
    }

    // class = "[", [ "^" ], class_item, { class_item }, "]" ;
    // class_item = class_atom, [ "-", class_atom ] ;   (ParseClass reads the items itself)
    private CharSet ParseClass()
    {
        var open = _pos;
        _pos++; // '['
        var negated = false;
        if (!AtEnd && Current == '^')
        {
            negated = true;
            _pos++;
        }

        var set = CharSet.Empty;
        var first = true;
        while (true)
        {
            if (AtEnd)
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexCharacterClass, _pattern, open, 1,
                    "'[' opens a character class that never closes; write \\[ to match it");
            }

            if (Current == ']' && !first)
            {
                _pos++;
                break;
            }

            if (Current == ']')
            {
                ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexCharacterClass, _pattern, open, _pos - open + 1,
                    "a character class must contain at least one character");
            }

            first = false;
            var itemStart = _pos;
            var low = ParseClassAtom(out var lowIsChar, out var lowChar);
            if (!AtEnd && Current == '-' && _pos + 1 < _end && _pattern[_pos + 1] != ']')
            {
                _pos++; // '-'
                ParseClassAtom(out var highIsChar, out var highChar);
                if (!lowIsChar || !highIsChar)
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexCharacterClass, _pattern, itemStart, _pos - itemStart,
                        $"the range '{_pattern[itemStart.._pos]}' must run between two single characters");
                }

                if (highChar < lowChar)
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexCharacterClass, _pattern, itemStart, _pos - itemStart,
                        $"the range '{_pattern[itemStart.._pos]}' runs backwards");
                }

                set = set.Union(CharSet.Range(lowChar, highChar));
            }
            else
            {
                set = set.Union(low);
            }
        }

        return negated ? set.Complement() : set;
    }

    // class_atom = escape | class_char ;
    private CharSet ParseClassAtom(out bool isSingle, out char single)
    {
        CharSet set;
        if (Current == '\\')
        {
            set = ParseEscape();
        }
        else
        {
            set = CharSet.Of(Current);
            _pos++;
        }

        isSingle = set.TryGetSingle(out single);
        return set;
    }

    // escape = "\", ( "d" | "D" | "s" | "S" | "w" | "W" | "x", hex_digit, hex_digit | regex_symbol | regex_operator ) ;
    private CharSet ParseEscape()
    {
        var start = _pos;
        _pos++; // '\'
        if (AtEnd)
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexEscape, _pattern, start, 1,
                "'\\' ends the regular expression; write \\\\ to match a backslash");
        }

        var c = Current;
        _pos++;
        switch (c)
        {
            case 'd': return CharSet.Digit;
            case 'D': return CharSet.Digit.Complement();
            case 's': return CharSet.Whitespace;
            case 'S': return CharSet.Whitespace.Complement();
            case 'w': return CharSet.Word;
            case 'W': return CharSet.Word.Complement();
            case 'x':
                if (_pos + 2 > _end || !char.IsAsciiHexDigit(_pattern[_pos]) || !char.IsAsciiHexDigit(_pattern[_pos + 1]))
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexEscape, _pattern, start, Math.Min(4, _end - start),
                        "'\\x' must be followed by two hexadecimal digits, e.g. \\x28 for '('");
                }

                var code = int.Parse(_pattern.AsSpan(_pos, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                if (code > 0x7F)
                {
                    ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexEscape, _pattern, start, 4,
                        $"'\\x{_pattern.AsSpan(_pos, 2)}' is not an ASCII character; multi-byte characters are not supported");
                }

                _pos += 2;
                return CharSet.Of((char)code);
        }

        if (char.IsAsciiLetterOrDigit(c))
        {
            ThrowHelper.ThrowSyntax(FilterPatternError.InvalidRegexEscape, _pattern, start, 2,
                $"'\\{c}' is not a supported escape; supported are \\d \\D \\s \\S \\w \\W \\xhh and a backslash before a symbol or operator");
        }

        return CharSet.Of(c);
    }

    private static string Describe(char c) => c switch
    {
        ' ' => "' ' (space)",
        _ when char.IsControl(c) => $"the control character U+{(int)c:X4}",
        _ when char.IsSurrogate(c) || c > 127 => $"the non-ASCII character U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
