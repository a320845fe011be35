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
        if (IsNumber(text))
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        value = 0;
        return false;
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out double value)
    {
        if (IsNumber(utf8))
        {
            return double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        value = 0;
        return false;
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
