using System.Numerics;
using System.Runtime.InteropServices;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Json;
using FilterPatterns.Matching.Text;
using FilterPatterns.Syntax;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Matching;

/// <summary>
/// One compiled comparison <c>OP value</c>, applied to the text of a value: the raw content of a JSON string (which
/// may hold escapes), the text of a JSON number, or a space-delimited field. Strings compare exactly (with leading
/// and trailing <c>*</c> wildcards), numbers numerically (the text must be a number), <c>*</c> means "present", and a
/// regular expression is searched in the text.
/// </summary>
internal sealed class ValueTest
{
    private const int StackLimit = 256;

    private readonly Kind _kind;
    private readonly bool _negated;
    private readonly ComparisonOperator _operator;
    private readonly Literal? _literal;
    private readonly bool _leadingWildcard;
    private readonly bool _trailingWildcard;
    private readonly double _number;
    private readonly CompiledRegex? _regex;

    private ValueTest(Kind kind, ComparisonOperator op, Literal? literal = null, bool leading = false, bool trailing = false, double number = 0, CompiledRegex? regex = null)
    {
        _kind = kind;
        _operator = op;
        _negated = op == ComparisonOperator.NotEqual;
        _literal = literal;
        _leadingWildcard = leading;
        _trailingWildcard = trailing;
        _number = number;
        _regex = regex;
    }

    private enum Kind : byte
    {
        String,
        Any,
        Number,
        Regex,
    }

    public static ValueTest Create(ComparisonOperator op, ValueSyntax value, Func<RegexSyntax, CompiledRegex> compileRegex) => value switch
    {
        StringValueSyntax s => new ValueTest(Kind.String, op, new Literal(s.Literal), s.LeadingWildcard, s.TrailingWildcard),
        AnyValueSyntax => new ValueTest(Kind.Any, op),
        NumberValueSyntax n => new ValueTest(Kind.Number, op, number: n.Value),
        RegexValueSyntax r => new ValueTest(Kind.Regex, op, regex: compileRegex(r.Regex)),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "unknown value node"),
    };

    /// <summary>
    /// Whether this is <c>= "literal*"</c>, a prefix (without U+FFFD): many of those at one place can be decided by a
    /// lookup per prefix length.
    /// </summary>
    public bool TryGetExactPrefix([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Literal? literal)
    {
        literal = _kind == Kind.String && !_negated && !_leadingWildcard && _trailingWildcard && !_literal!.ContainsReplacementChar ? _literal : null;
        return literal is not null;
    }

    /// <summary>
    /// Whether this is <c>= "literal"</c> without wildcards (and without U+FFFD, whose matching needs the decoded
    /// event): many of those at one place can be decided by one lookup.
    /// </summary>
    public bool TryGetExactEquality([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Literal? literal)
    {
        literal = _kind == Kind.String && !_negated && !_leadingWildcard && !_trailingWildcard && !_literal!.ContainsReplacementChar ? _literal : null;
        return literal is not null;
    }

    /// <summary>
    /// The text every value passing this test contains, read raw (no escapes): the literal of <c>= "literal"</c>, with
    /// or without wildcards; null for other tests, and for a literal holding U+FFFD (matched against decoded text).
    /// </summary>
    public string? RequiredRawText =>
        _kind == Kind.String && !_negated && _literal!.Utf16.Length > 0 && !_literal.ContainsReplacementChar ? _literal.Utf16 : null;

    /// <summary>
    /// For <c>= N</c> with N a whole number, 0 &lt; |N| &lt; 10^15 (exact in a double): N's digits without trailing
    /// zeros. A field equal to N either writes N exactly, with leading or trailing zeros, a sign, a decimal point
    /// inside or an exponent (so it holds these digits, perhaps with one '.' among them), or rounds to N, which takes
    /// more than 15 significant digits (16 digits or more, at most one '.' among them). Null for any other test.
    /// </summary>
    public string? RequiredNumberDigits
    {
        get
        {
            var magnitude = Math.Abs(_number);
            return _kind == Kind.Number && _operator == ComparisonOperator.Equal && magnitude is > 0 and < 1e15 && magnitude == Math.Floor(magnitude)
                ? ((long)magnitude).ToString(System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0')
                : null;
        }
    }

    /// <summary>Tests the text of a value.</summary>
    /// <param name="text">The value's raw text.</param>
    /// <param name="jsonEscaped">Whether <paramref name="text"/> is JSON string content holding backslash escapes.</param>
    public bool Test<T>(ReadOnlySpan<T> text, bool jsonEscaped)
        where T : unmanaged, IBinaryInteger<T>
    {
        switch (_kind)
        {
            case Kind.Any:
                return !_negated;
            case Kind.String:
                return CompareString(text, jsonEscaped) != _negated;
            case Kind.Number:
                return TryNumber(text, jsonEscaped, out var value) && Operators.Compare(_operator, value, _number);
            default:
                return SearchRegex(text, jsonEscaped) != _negated;
        }
    }

    private bool CompareString<T>(ReadOnlySpan<T> text, bool jsonEscaped)
        where T : unmanaged, IBinaryInteger<T>
    {
        var literal = _literal!;
        if (!jsonEscaped && (!literal.ContainsReplacementChar || EventText.IsWellFormed(text)))
        {
            return Compare(text, literal.Get<T>());
        }

        using var buffer = new PooledBuffer<char>(stackalloc char[StackLimit], text.Length);
        var length = Decode(text, jsonEscaped, buffer.Span);
        return Compare<char>(buffer.Span[..length], literal.Utf16);
    }

    private bool Compare<T>(ReadOnlySpan<T> text, ReadOnlySpan<T> literal)
        where T : unmanaged, IEquatable<T> => (_leadingWildcard, _trailingWildcard) switch
        {
            (false, false) => text.SequenceEqual(literal),
            (false, true) => text.StartsWith(literal),
            (true, false) => text.EndsWith(literal),
            (true, true) => text.IndexOf(literal) >= 0,
        };

    private static bool TryNumber<T>(ReadOnlySpan<T> text, bool jsonEscaped, out double value)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!jsonEscaped)
        {
            return typeof(T) == typeof(byte)
                ? NumberSyntax.TryParse(MemoryMarshal.Cast<T, byte>(text), out value)
                : NumberSyntax.TryParse(MemoryMarshal.Cast<T, char>(text), out value);
        }

        using var buffer = new PooledBuffer<char>(stackalloc char[StackLimit], text.Length);
        var length = JsonStrings.Decode(text, buffer.Span);
        return NumberSyntax.TryParse(buffer.Span[..length], out value);
    }

    private bool SearchRegex<T>(ReadOnlySpan<T> text, bool jsonEscaped)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!jsonEscaped)
        {
            return _regex!.IsMatch(text);
        }

        using var buffer = new PooledBuffer<char>(stackalloc char[StackLimit], text.Length);
        var length = JsonStrings.Decode(text, buffer.Span);
        return _regex!.IsMatch<char>(buffer.Span[..length]);
    }

    private static int Decode<T>(ReadOnlySpan<T> text, bool jsonEscaped, Span<char> destination)
        where T : unmanaged, IBinaryInteger<T> =>
        jsonEscaped ? JsonStrings.Decode(text, destination) : EventText.Decode(text, destination);
}
