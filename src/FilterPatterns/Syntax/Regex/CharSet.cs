using System.Text;

namespace FilterPatterns.Syntax.Regex;

/// <summary>
/// A set of characters as AWS regular expressions can describe it. AWS patterns are ASCII-only, so every set is
/// exactly "some ASCII characters" plus, or not, "every non-ASCII character" (which only <c>.</c>, negated classes
/// and <c>\D \S \W</c> reach). 128 bits and a flag describe any set without loss.
/// </summary>
/// <param name="Ascii">Bit <c>c</c> is set when ASCII character <c>c</c> is in the set.</param>
/// <param name="NonAscii">Whether every character above U+007F is in the set.</param>
internal readonly record struct CharSet(UInt128 Ascii, bool NonAscii)
{
    public static CharSet Empty => default;

    /// <summary><c>\d</c> = <c>[0-9]</c>.</summary>
    public static CharSet Digit => Range('0', '9');

    /// <summary><c>\w</c> = <c>[a-zA-Z_0-9]</c> (AWS's definition: ASCII only).</summary>
    public static CharSet Word => Range('a', 'z').Union(Range('A', 'Z')).Union(Range('0', '9')).Union(Of('_'));

    /// <summary><c>\s</c> = tab, newline and space (AWS's definition).</summary>
    public static CharSet Whitespace => Of('\t').Union(Of('\n')).Union(Of(' '));

    /// <summary><c>.</c>: any character but a line feed.</summary>
    public static CharSet AnyButNewline => Of('\n').Complement();

    public static CharSet Of(char c)
    {
        System.Diagnostics.Debug.Assert(c < 128, "AWS regular expressions are ASCII-only");
        return new(UInt128.One << c, false);
    }

    public static CharSet Range(char low, char high)
    {
        System.Diagnostics.Debug.Assert(low <= high && high < 128);
        var width = high - low + 1;
        var bits = width == 128 ? UInt128.MaxValue : (UInt128.One << width) - UInt128.One;
        return new(bits << low, false);
    }

    public CharSet Union(CharSet other) => new(Ascii | other.Ascii, NonAscii | other.NonAscii);

    public CharSet Complement() => new(~Ascii, !NonAscii);

    /// <summary>Whether the Unicode scalar value (or lone surrogate) <paramref name="codePoint"/> is in the set.</summary>
    public bool Contains(int codePoint) =>
        codePoint < 128 ? ((Ascii >> codePoint) & UInt128.One) != UInt128.Zero : NonAscii;

    public bool IsEmpty => Ascii == UInt128.Zero && !NonAscii;

    /// <summary>The number of ASCII characters in the set.</summary>
    public int AsciiCount => (int)UInt128.PopCount(Ascii);

    /// <summary>Whether the set is exactly one ASCII character.</summary>
    public bool TryGetSingle(out char c)
    {
        if (!NonAscii && AsciiCount == 1)
        {
            c = (char)UInt128.TrailingZeroCount(Ascii);
            return true;
        }

        c = default;
        return false;
    }

    public override string ToString()
    {
        var builder = new StringBuilder("{");
        for (var c = 0; c < 128; c++)
        {
            if (Contains(c))
            {
                builder.Append(c is >= 0x20 and < 0x7F ? ((char)c).ToString() : $"\\x{c:X2}");
            }
        }

        return builder.Append(NonAscii ? " +non-ASCII}" : "}").ToString();
    }
}
