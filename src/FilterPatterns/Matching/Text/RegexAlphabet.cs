using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// The symbols one expression tells apart. The 128 ASCII characters are partitioned into classes whose members every
/// set of the expression treats alike, and "a non-ASCII character" (a code point above U+007F, a lone surrogate or an
/// ill-formed UTF-8 sequence) is one more symbol, since no AWS set can tell two of those apart; it joins the class of
/// the ASCII characters it is treated like, if any. The automata read class numbers, not characters: their rows are as
/// wide as the expression needs (<c>%\d+\.\d+%</c> has three classes), not 129.
/// </summary>
internal sealed class RegexAlphabet
{
    /// <summary>The symbol standing for every non-ASCII character in <see cref="Representative"/>.</summary>
    public const int NonAsciiSymbol = 128;

    private readonly byte[] _classOfAscii;
    private readonly int[] _representatives;

    private RegexAlphabet(byte[] classOfAscii, int nonAsciiClass, int[] representatives)
    {
        _classOfAscii = classOfAscii;
        NonAsciiClass = nonAsciiClass;
        _representatives = representatives;
    }

    /// <summary>The number of classes (at most 129).</summary>
    public int Count => _representatives.Length;

    /// <summary>The class of every non-ASCII character.</summary>
    public int NonAsciiClass { get; }

    /// <summary>The class of each ASCII character, indexed by the character (128 entries).</summary>
    public ReadOnlySpan<byte> ClassOfAscii => _classOfAscii;

    /// <summary>The smallest symbol (0..127, or <see cref="NonAsciiSymbol"/>) of class <paramref name="index"/>.</summary>
    public int Representative(int index) => _representatives[index];

    /// <summary>Whether the symbols of class <paramref name="index"/> are in <paramref name="set"/> (all or none are).</summary>
    public bool ClassIn(int index, CharSet set) => set.Contains(_representatives[index]);

    /// <summary>Partitions the symbols by membership in each of <paramref name="sets"/> (duplicates cost only time).</summary>
    public static RegexAlphabet Create(IReadOnlyList<CharSet> sets)
    {
        // Partition refinement: every set splits each class into its members and the rest. At most 129 classes and a
        // few hundred distinct sets in a 1024-character pattern.
        var ascii = new List<UInt128> { UInt128.MaxValue };
        var nonAscii = new List<bool> { true };
        foreach (var set in sets)
        {
            for (var c = ascii.Count - 1; c >= 0; c--)
            {
                var inside = ascii[c] & set.Ascii;
                var outside = ascii[c] & ~set.Ascii;
                var nonAsciiInside = nonAscii[c] && set.NonAscii;
                var nonAsciiOutside = nonAscii[c] && !set.NonAscii;
                if ((inside != UInt128.Zero || nonAsciiInside) && (outside != UInt128.Zero || nonAsciiOutside))
                {
                    ascii[c] = inside;
                    nonAscii[c] = nonAsciiInside;
                    ascii.Add(outside);
                    nonAscii.Add(nonAsciiOutside);
                }
            }
        }

        var classOfAscii = new byte[128];
        var representatives = new int[ascii.Count];
        var nonAsciiClass = 0;
        for (var c = 0; c < ascii.Count; c++)
        {
            representatives[c] = ascii[c] == UInt128.Zero ? NonAsciiSymbol : (int)UInt128.TrailingZeroCount(ascii[c]);
            for (var bits = ascii[c]; bits != UInt128.Zero; bits &= bits - UInt128.One)
            {
                classOfAscii[(int)UInt128.TrailingZeroCount(bits)] = (byte)c;
            }

            if (nonAscii[c])
            {
                nonAsciiClass = c;
            }
        }

        return new RegexAlphabet(classOfAscii, nonAsciiClass, representatives);
    }
}
