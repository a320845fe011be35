using System.Globalization;
using System.Text;

namespace FilterPatterns.Tests.Support;

/// <summary>
/// A plain recursive-descent RFC 8259 parser for the oracle: strict grammar (whitespace = space, tab, CR, LF), depth
/// limited, escapes decoded (escaped surrogate pairs join, unpaired escaped surrogates read as U+FFFD).
/// </summary>
internal static class JsonDom
{
    public abstract record Node;

    public sealed record Obj(List<KeyValuePair<string, Node>> Members) : Node;

    public sealed record Arr(List<Node> Items) : Node;

    public sealed record Str(string Value) : Node;

    public sealed record Num(string Raw) : Node;

    public sealed record Bool(bool Value) : Node;

    public sealed record Null : Node;

    public static Node? TryParse(string text, int maxDepth)
    {
        var parser = new ParserState(text, maxDepth);
        try
        {
            parser.Ws();
            var value = parser.Value(0);
            parser.Ws();
            return parser.Pos == text.Length ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class ParserState(string text, int maxDepth)
    {
        public int Pos;

        public void Ws()
        {
            while (Pos < text.Length && text[Pos] is ' ' or '\t' or '\r' or '\n')
            {
                Pos++;
            }
        }

        private char Peek() => Pos < text.Length ? text[Pos] : throw new FormatException();

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw new FormatException();
            }

            Pos++;
        }

        public Node Value(int depth)
        {
            var c = Peek();
            switch (c)
            {
                case '{':
                    {
                        if (depth + 1 > maxDepth)
                        {
                            throw new FormatException();
                        }

                        Pos++;
                        var members = new List<KeyValuePair<string, Node>>();
                        Ws();
                        if (Peek() == '}')
                        {
                            Pos++;
                            return new Obj(members);
                        }

                        while (true)
                        {
                            Ws();
                            var key = String();
                            Ws();
                            Expect(':');
                            Ws();
                            members.Add(new(key, Value(depth + 1)));
                            Ws();
                            if (Peek() == ',')
                            {
                                Pos++;
                                continue;
                            }

                            Expect('}');
                            return new Obj(members);
                        }
                    }

                case '[':
                    {
                        if (depth + 1 > maxDepth)
                        {
                            throw new FormatException();
                        }

                        Pos++;
                        var items = new List<Node>();
                        Ws();
                        if (Peek() == ']')
                        {
                            Pos++;
                            return new Arr(items);
                        }

                        while (true)
                        {
                            Ws();
                            items.Add(Value(depth + 1));
                            Ws();
                            if (Peek() == ',')
                            {
                                Pos++;
                                continue;
                            }

                            Expect(']');
                            return new Arr(items);
                        }
                    }

                case '"':
                    return new Str(String());
                case 't':
                    Literal("true");
                    return new Bool(true);
                case 'f':
                    Literal("false");
                    return new Bool(false);
                case 'n':
                    Literal("null");
                    return new Null();
                default:
                    return Number();
            }
        }

        private void Literal(string literal)
        {
            if (string.CompareOrdinal(text, Pos, literal, 0, literal.Length) != 0)
            {
                throw new FormatException();
            }

            Pos += literal.Length;
        }

        private Num Number()
        {
            var start = Pos;
            if (Peek() == '-')
            {
                Pos++;
            }

            if (Peek() == '0')
            {
                Pos++;
            }
            else
            {
                Digits();
            }

            if (Pos < text.Length && text[Pos] == '.')
            {
                Pos++;
                Digits();
            }

            if (Pos < text.Length && text[Pos] is 'e' or 'E')
            {
                Pos++;
                if (Pos < text.Length && text[Pos] is '+' or '-')
                {
                    Pos++;
                }

                Digits();
            }

            return new Num(text[start..Pos]);
        }

        private void Digits()
        {
            var start = Pos;
            while (Pos < text.Length && char.IsAsciiDigit(text[Pos]))
            {
                Pos++;
            }

            if (Pos == start)
            {
                throw new FormatException();
            }
        }

        private string String()
        {
            Expect('"');
            var builder = new StringBuilder();
            while (true)
            {
                var c = Peek();
                Pos++;
                if (c == '"')
                {
                    return builder.ToString();
                }

                if (c < ' ')
                {
                    throw new FormatException();
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                var e = Peek();
                Pos++;
                switch (e)
                {
                    case '"' or '\\' or '/': builder.Append(e); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'n': builder.Append('\n'); break;
                    case 'r': builder.Append('\r'); break;
                    case 't': builder.Append('\t'); break;
                    case 'u':
                        var code = Hex();
                        if (char.IsHighSurrogate(code) && Pos + 6 <= text.Length && text[Pos] == '\\' && text[Pos + 1] == 'u')
                        {
                            var save = Pos;
                            Pos += 2;
                            var low = Hex();
                            if (char.IsLowSurrogate(low))
                            {
                                builder.Append(code).Append(low);
                                break;
                            }

                            Pos = save;
                        }

                        builder.Append(char.IsSurrogate(code) ? '\uFFFD' : code);
                        break;
                    default:
                        throw new FormatException();
                }
            }
        }

        private char Hex()
        {
            if (Pos + 4 > text.Length || !text.AsSpan(Pos, 4).ToString().All(char.IsAsciiHexDigit))
            {
                throw new FormatException();
            }

            var value = (char)int.Parse(text.AsSpan(Pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            Pos += 4;
            return value;
        }
    }
}
