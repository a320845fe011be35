using System.Diagnostics.CodeAnalysis;

namespace FilterPatterns;

/// <summary>
/// Thrown when a filter pattern is rejected, exactly where Amazon CloudWatch Logs answers
/// <c>InvalidParameterException</c>. <see cref="Error"/> says what is wrong and <see cref="Offset"/> where.
/// </summary>
public sealed class FilterPatternException : ArgumentException
{
    /// <summary>Creates an exception for a rejected pattern.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="offset">0-based position in <paramref name="pattern"/> of the offending character.</param>
    /// <param name="length">How many characters from <paramref name="offset"/> the problem spans (at least 1 where the pattern has a character there).</param>
    /// <param name="detail">A sentence saying what was found and what was expected.</param>
    /// <param name="pattern">The pattern text that was rejected.</param>
    public FilterPatternException(FilterPatternError error, int offset, int length, string detail, string pattern)
        : base(FormatMessage(error, offset, length, detail, pattern), "filterPattern")
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, pattern.Length);
        Error = error;
        Offset = offset;
        Length = Math.Clamp(length, 0, pattern.Length - offset);
        Detail = detail;
        Pattern = pattern;
    }

    /// <summary>What is wrong with the pattern.</summary>
    public FilterPatternError Error { get; }

    /// <summary>0-based offset, in UTF-16 code units, of the offending position in <see cref="Pattern"/>.</summary>
    public int Offset { get; }

    /// <summary>How many characters, from <see cref="Offset"/>, the offending token spans (0 at the end of the pattern).</summary>
    public int Length { get; }

    /// <summary>The rejected pattern.</summary>
    public string Pattern { get; }

    /// <summary>What was found and what was expected, without the position (e.g. <c>unexpected ')', expected a selector starting with '$.'</c>).</summary>
    public string Detail { get; }

    /// <summary>The AWS error code every rejection maps to: <c>InvalidParameterException</c>.</summary>
    public static string AwsErrorCode => "InvalidParameterException";

    /// <summary>
    /// The message CloudWatch Logs is known to return for this kind of rejection
    /// (e.g. <c>Invalid filter pattern</c>, <c>Invalid character(s) in term '...'</c>).
    /// </summary>
    public string AwsMessage => AwsMessages.For(Error, Pattern, Offset, Length);

    /// <summary>Sets no base properties; use the full constructor.</summary>
    [ExcludeFromCodeCoverage]
    public FilterPatternException()
        : this(FilterPatternError.UnexpectedCharacter, 0, 0, "invalid filter pattern", string.Empty)
    {
    }

    /// <summary>Sets no base properties; use the full constructor.</summary>
    [ExcludeFromCodeCoverage]
    public FilterPatternException(string message)
        : this(FilterPatternError.UnexpectedCharacter, 0, 0, message, string.Empty)
    {
    }

    /// <summary>Sets no base properties; use the full constructor.</summary>
    [ExcludeFromCodeCoverage]
    public FilterPatternException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = FilterPatternError.UnexpectedCharacter;
        Detail = message;
        Pattern = string.Empty;
    }

    /// <inheritdoc />
    public override string Message => base.Message.Replace(" (Parameter 'filterPattern')", string.Empty, StringComparison.Ordinal);

    private static string FormatMessage(FilterPatternError error, int offset, int length, string detail, string pattern) =>
        $"{AwsMessages.For(error, pattern, offset, Math.Clamp(length, 0, Math.Max(0, pattern.Length - offset)))}: {detail} (at offset {offset})";
}
