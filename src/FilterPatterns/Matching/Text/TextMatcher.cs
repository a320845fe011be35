using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// Unstructured text: every required term present, no excluded term present, and, when the pattern has only
/// optional terms, at least one of them present. Terms are case-sensitive substrings.
/// </summary>
internal sealed class TextMatcher : Matcher
{
    private readonly Literal[] _required;
    private readonly Literal[] _excluded;
    private readonly Literal[] _optional;
    private readonly bool _needsNormalizedInput;

    /// <param name="required">Terms the event must contain.</param>
    /// <param name="excluded">Terms the event must not contain.</param>
    /// <param name="optional">Terms of which the event must contain one; empty means no such requirement.</param>
    public TextMatcher(Literal[] required, Literal[] excluded, Literal[] optional)
    {
        _required = required;
        _excluded = excluded;
        _optional = optional;
        _needsNormalizedInput = required.Concat(excluded).Concat(optional).Any(static t => t.ContainsReplacementChar);
    }

    public override bool IsMatch(ReadOnlySpan<byte> utf8) => IsMatchCore(utf8);

    public override bool IsMatch(ReadOnlySpan<char> utf16) => IsMatchCore(utf16);

    private bool IsMatchCore<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IEquatable<T>
    {
        if (_needsNormalizedInput && !EventText.IsWellFormed(input))
        {
            return IsMatchNormalized(input);
        }

        return Evaluate(input);
    }

    private bool Evaluate<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IEquatable<T>
    {
        foreach (var term in _required)
        {
            if (input.IndexOf(term.Get<T>()) < 0)
            {
                return false;
            }
        }

        foreach (var term in _excluded)
        {
            if (input.IndexOf(term.Get<T>()) >= 0)
            {
                return false;
            }
        }

        if (_optional.Length == 0)
        {
            return true;
        }

        foreach (var term in _optional)
        {
            if (input.IndexOf(term.Get<T>()) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    // A term containing U+FFFD can match where the event is ill-formed; compare against the decoded event.
    private bool IsMatchNormalized<T>(ReadOnlySpan<T> input)
        where T : unmanaged
    {
        using var buffer = new PooledBuffer<char>(stackalloc char[256], EventText.MaxDecodedLength(input));
        var length = EventText.Decode(input, buffer.Span);
        return Evaluate<char>(buffer.Span[..length]);
    }
}
