using System.Globalization;
using System.Numerics;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Json;

/// <summary>Decodes the content of a (validated) JSON string to UTF-16, the slow path behind escapes.</summary>
internal static class JsonStrings
{
    /// <summary>
    /// Decodes <paramref name="raw"/> (the text between the quotes) into <paramref name="destination"/>, which must be at
    /// least <paramref name="raw"/>.Length long. Escapes are resolved (an escaped surrogate pair joins; an unpaired one
    /// reads as U+FFFD) and raw text is read per <see cref="EventText"/>.
    /// </summary>
    /// <returns>The number of code units written.</returns>
    public static int Decode<T>(ReadOnlySpan<T> raw, Span<char> destination)
        where T : unmanaged, IBinaryInteger<T>
    {
        var backslash = T.CreateTruncating('\\');
        var written = 0;
        while (true)
        {
            var escape = raw.IndexOf(backslash);
            var run = escape < 0 ? raw : raw[..escape];
            written += EventText.Decode(run, destination[written..]);
            if (escape < 0)
            {
                return written;
            }

            raw = raw[escape..];
            var kind = uint.CreateTruncating(raw[1]);
            if (kind != 'u')
            {
                destination[written++] = kind switch
                {
                    'b' => '\b',
                    'f' => '\f',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    _ => (char)kind, // '"', '\\', '/'
                };
                raw = raw[2..];
                continue;
            }

            var code = Hex4(raw.Slice(2, 4));
            raw = raw[6..];
            if (char.IsHighSurrogate((char)code) && raw.Length >= 6 && uint.CreateTruncating(raw[0]) == '\\' && uint.CreateTruncating(raw[1]) == 'u')
            {
                var low = Hex4(raw.Slice(2, 4));
                if (char.IsLowSurrogate((char)low))
                {
                    destination[written++] = (char)code;
                    destination[written++] = (char)low;
                    raw = raw[6..];
                    continue;
                }
            }

            destination[written++] = char.IsSurrogate((char)code) ? '\uFFFD' : (char)code;
        }
    }

    private static int Hex4<T>(ReadOnlySpan<T> digits)
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++)
        {
            chars[i] = (char)uint.CreateTruncating(digits[i]);
        }

        return int.Parse(chars, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}
