using System.Numerics;

namespace FilterPatterns.Matching.Delimited;

/// <summary>
/// Splits an event into space-delimited fields (grammar/README.md, "Space-delimited events"): fields are separated by
/// runs of spaces; a field that starts with <c>"</c> runs to the next <c>"</c> and one that starts with <c>[</c> to the
/// next <c>]</c>, the delimiters not being part of the value (an unclosed one runs to the end of the event). Every
/// delimiter is ASCII, so UTF-8 and UTF-16 split identically.
/// </summary>
internal ref struct FieldTokenizer<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private readonly ReadOnlySpan<T> _text;
    private int _pos;

    public FieldTokenizer(ReadOnlySpan<T> text) => _text = text;

    /// <summary>Reads the next field's value as (start, length) in the event.</summary>
    public bool Next(out int start, out int length)
    {
        var space = T.CreateTruncating(' ');
        while (_pos < _text.Length && _text[_pos] == space)
        {
            _pos++;
        }

        if (_pos >= _text.Length)
        {
            start = length = 0;
            return false;
        }

        var first = uint.CreateTruncating(_text[_pos]);
        if (first is '"' or '[')
        {
            start = _pos + 1;
            var close = _text[start..].IndexOf(T.CreateTruncating(first == '"' ? '"' : ']'));
            if (close < 0)
            {
                length = _text.Length - start;
                _pos = _text.Length;
            }
            else
            {
                length = close;
                _pos = start + close + 1;
            }

            return true;
        }

        start = _pos;
        var end = _text[start..].IndexOf(space);
        length = end < 0 ? _text.Length - start : end;
        _pos = start + length;
        return true;
    }
}
