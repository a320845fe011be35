using System.Globalization;

namespace FilterPatterns.Syntax;

/// <summary>
/// The number grammar shared by pattern literals and the event values they are compared with:
/// <c>number = [ "+" | "-" ], digits, [ ".", digits ], [ ( "e" | "E" ), [ "+" | "-" ], digits ] ;</c>
/// (every JSON number is one). Values are IEEE doubles, correctly rounded; overflow gives ±infinity.
/// </summary>
internal static class NumberSyntax
{
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        if (TryParseInteger(text, out value))
        {
            return true;
        }

        if (IsNumber(text))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        value = 0;
        return false;
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out double value)
    {
        if (TryParseInteger(utf8, out value))
        {
            return true;
        }

        if (IsNumber(utf8))
        {
            return double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// perf: the common case, an optionally signed integer of at most 15 digits, is exact in a double and needs no
    /// general parser.
    /// </summary>
    private static bool TryParseInteger<T>(ReadOnlySpan<T> text, out double value)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && (Is(text[0], '-') || Is(text[0], '+')))
        {
            negative = Is(text[0], '-');
            i = 1;
        }

        var digits = text.Length - i;
        if (digits is < 1 or > 15)
        {
            return false;
        }

        long result = 0;
        for (; i < text.Length; i++)
        {
            var d = uint.CreateTruncating(text[i]) - '0';
            if (d > 9)
            {
                return false;
            }

            result = (result * 10) + d;
        }

        // -0 and 0 compare equal, so the sign of zero does not matter.
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Whether <paramref name="text"/> is exactly one <c>number</c>.</summary>
    public static bool IsNumber<T>(ReadOnlySpan<T> text)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var i = 0;
        if (i < text.Length && (Is(text[i], '+') || Is(text[i], '-')))
        {
            i++;
        }

        if (!Digits(text, ref i))
        {
            return false;
        }

        if (i < text.Length && Is(text[i], '.'))
        {
            i++;
            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        if (i < text.Length && (Is(text[i], 'e') || Is(text[i], 'E')))
        {
            i++;
            if (i < text.Length && (Is(text[i], '+') || Is(text[i], '-')))
            {
                i++;
            }

            if (!Digits(text, ref i))
            {
                return false;
            }
        }

        return i == text.Length;
    }

    private static bool Digits<T>(ReadOnlySpan<T> text, ref int i)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var start = i;
        while (i < text.Length && uint.CreateTruncating(text[i]) - '0' <= 9)
        {
            i++;
        }

        return i > start;
    }

    private static bool Is<T>(T unit, char c)
        where T : unmanaged, System.Numerics.IBinaryInteger<T> => uint.CreateTruncating(unit) == c;
}
