using System.Globalization;
using System.Text;
using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Compilation;

/// <summary>
/// Writes an AWS regular expression as a .NET pattern with the same meaning. Every literal is written as an
/// <c>\xHH</c> escape and every set as an explicit class, so no .NET-specific syntax (class subtraction, Unicode
/// <c>\w</c>, <c>$</c> before a final newline) can change the meaning. The emitted pattern expects the projected event
/// of <see cref="Matching.Text.CompiledRegex"/>: one character per code point, every non-ASCII one at U+0080 or above.
/// </summary>
internal static class RegexEmitter
{
    public static string ToDotNetPattern(RegexTree tree)
    {
        var builder = new StringBuilder();
        for (var b = 0; b < tree.Branches.Length; b++)
        {
            if (b > 0)
            {
                builder.Append('|');
            }

            foreach (var piece in tree.Branches[b])
            {
                AppendAtom(builder, piece);
                AppendQuantifier(builder, piece);
            }
        }

        return builder.ToString();
    }

    private static void AppendAtom(StringBuilder builder, RegexPiece piece)
    {
        switch (piece.Kind)
        {
            case RegexAtomKind.Start:
                builder.Append(@"\A");
                return;
            case RegexAtomKind.End:
                builder.Append(@"\z");
                return;
        }

        var set = piece.Set;
        if (set.TryGetSingle(out var single))
        {
            AppendEscaped(builder, single);
            return;
        }

        if (set.IsEmpty)
        {
            // Nothing matches an empty set; [^\x00-\uFFFF] is .NET's spelling of it.
            builder.Append(@"[^\x00-\uFFFF]");
            return;
        }

        builder.Append('[');
        var c = 0;
        while (c < 128)
        {
            if (!set.Contains(c))
            {
                c++;
                continue;
            }

            var start = c;
            while (c + 1 < 128 && set.Contains(c + 1))
            {
                c++;
            }

            AppendEscaped(builder, (char)start);
            if (c > start)
            {
                builder.Append('-');
                AppendEscaped(builder, (char)c);
            }

            c++;
        }

        if (set.NonAscii)
        {
            builder.Append(@"\u0080-\uFFFF");
        }

        builder.Append(']');
    }

    private static void AppendEscaped(StringBuilder builder, char c) =>
        builder.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));

    private static void AppendQuantifier(StringBuilder builder, RegexPiece piece)
    {
        var (min, max) = (piece.Min, piece.Max);
        if (min == 1 && max == 1)
        {
            return;
        }

        var text = (min, max) switch
        {
            (0, 1) => "?",
            (0, RegexPiece.Unbounded) => "*",
            (1, RegexPiece.Unbounded) => "+",
            (_, RegexPiece.Unbounded) => string.Create(CultureInfo.InvariantCulture, $"{{{min},}}"),
            _ when min == max => string.Create(CultureInfo.InvariantCulture, $"{{{min}}}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{{{min},{max}}}"),
        };
        builder.Append(text);
    }
}
