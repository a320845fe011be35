using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FilterPatterns.Matching.Json;

/// <summary>The tokens of <see cref="JsonTokenizer{T}"/>.</summary>
internal enum JsonToken : byte
{
    /// <summary>The text is not JSON (RFC 8259); the tokenizer stops here.</summary>
    Invalid,
    EndOfDocument,
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    PropertyName,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// A forward-only, validating JSON tokenizer over UTF-8 bytes or UTF-16 chars that never allocates. It accepts
/// exactly RFC 8259 JSON (no comments, no trailing commas, whitespace = space, tab, CR, LF) nested at most
/// <c>maxDepth</c> deep. String content is not decoded: non-ASCII units are opaque, so an ill-formed sequence inside a
/// string is valid JSON on both paths (it reads as U+FFFD). Token text is exposed as offsets into the input.
/// </summary>
internal ref struct JsonTokenizer<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private readonly ReadOnlySpan<T> _text;
    private readonly Span<ulong> _containers;
    private readonly int _maxDepth;
    private int _pos;
    private int _depth;
    private State _state;

    /// <param name="text">The whole event.</param>
    /// <param name="containerBits">At least <c>(maxDepth + 63) / 64</c> words of scratch space.</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    public JsonTokenizer(ReadOnlySpan<T> text, Span<ulong> containerBits, int maxDepth)
    {
        _text = text;
        _containers = containerBits;
        _maxDepth = maxDepth;
        _state = State.Value;
    }

    private enum State : byte
    {
        Value,
        ValueOrEndArray,
        Key,
        KeyOrEndObject,
        AfterValue,
        Failed,
    }

    /// <summary>Containers open around the current position.</summary>
    public readonly int Depth => _depth;

    /// <summary>Whether the innermost open container is an object.</summary>
    public readonly bool InObject => _depth > 0 && (_containers[(_depth - 1) >> 6] & (1UL << ((_depth - 1) & 63))) != 0;

    /// <summary>Start of the last string's content (inside the quotes), number or literal.</summary>
    public int TokenStart { get; private set; }

    /// <summary>Length of the last string's content, number or literal.</summary>
    public int TokenLength { get; private set; }

    /// <summary>Whether the last string contains backslash escapes.</summary>
    public bool TokenEscaped { get; private set; }

    public readonly ReadOnlySpan<T> TokenText => _text.Slice(TokenStart, TokenLength);

    public JsonToken Next()
    {
        while (true)
        {
            SkipWhitespace();
            if (_pos >= _text.Length)
            {
                return _state == State.AfterValue && _depth == 0 ? JsonToken.EndOfDocument : Fail();
            }

            var c = U(_text[_pos]);
            switch (_state)
            {
                case State.AfterValue:
                    if (_depth == 0)
                    {
                        return Fail();
                    }

                    var inObject = InObject;
                    if (c == ',')
                    {
                        _pos++;
                        _state = inObject ? State.Key : State.Value;
                        continue;
                    }

                    if (c == (inObject ? '}' : ']'))
                    {
                        _pos++;
                        return Pop(inObject);
                    }

                    return Fail();

                case State.KeyOrEndObject when c == '}':
                    _pos++;
                    return Pop(inObject: true);

                case State.KeyOrEndObject or State.Key:
                    if (c != '"' || !ReadString())
                    {
                        return Fail();
                    }

                    SkipWhitespace();
                    if (_pos >= _text.Length || U(_text[_pos]) != ':')
                    {
                        return Fail();
                    }

                    _pos++;
                    _state = State.Value;
                    return JsonToken.PropertyName;

                case State.ValueOrEndArray when c == ']':
                    _pos++;
                    return Pop(inObject: false);

                case State.ValueOrEndArray or State.Value:
                    return ReadValue(c);

                default:
                    return JsonToken.Invalid;
            }
        }
    }

    /// <summary>
    /// After <see cref="JsonToken.StartObject"/> or <see cref="JsonToken.StartArray"/>, consumes (and validates) the
    /// container up to and including its end. Returns false if the JSON is invalid.
    /// </summary>
    public bool SkipContainer()
    {
        var target = _depth - 1;
        while (true)
        {
            var token = Next();
            if (token == JsonToken.Invalid)
            {
                return false;
            }

            if (token is JsonToken.EndObject or JsonToken.EndArray && _depth == target)
            {
                return true;
            }
        }
    }

    private JsonToken ReadValue(uint c)
    {
        switch (c)
        {
            case '{':
                _pos++;
                return Push(inObject: true) ? JsonToken.StartObject : Fail();
            case '[':
                _pos++;
                return Push(inObject: false) ? JsonToken.StartArray : Fail();
            case '"':
                if (!ReadString())
                {
                    return Fail();
                }

                _state = State.AfterValue;
                return JsonToken.String;
            case 't':
                return ReadLiteral("true", JsonToken.True);
            case 'f':
                return ReadLiteral("false", JsonToken.False);
            case 'n':
                return ReadLiteral("null", JsonToken.Null);
            default:
                if (c == '-' || c - '0' <= 9)
                {
                    return ReadNumber() ? JsonToken.Number : Fail();
                }

                return Fail();
        }
    }

    private bool Push(bool inObject)
    {
        if (_depth >= _maxDepth)
        {
            return false;
        }

        ref var word = ref _containers[_depth >> 6];
        var bit = 1UL << (_depth & 63);
        word = inObject ? word | bit : word & ~bit;
        _depth++;
        _state = inObject ? State.KeyOrEndObject : State.ValueOrEndArray;
        return true;
    }

    private JsonToken Pop(bool inObject)
    {
        _depth--;
        _state = State.AfterValue;
        return inObject ? JsonToken.EndObject : JsonToken.EndArray;
    }

    private JsonToken Fail()
    {
        _state = State.Failed;
        _pos = _text.Length;
        return JsonToken.Invalid;
    }

    // string = '"', { unescaped | escape }, '"' ; unescaped excludes '"', '\' and U+0000..U+001F.
    private bool ReadString()
    {
        var start = _pos + 1;
        var p = start;
        var escaped = false;
        while (true)
        {
            var special = IndexOfStringSpecial(_text[p..]);
            if (special < 0)
            {
                return false;
            }

            p += special;
            var c = U(_text[p]);
            if (c == '"')
            {
                break;
            }

            if (c != '\\' || p + 1 >= _text.Length)
            {
                return false;
            }

            escaped = true;
            var e = U(_text[p + 1]);
            if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
            {
                p += 2;
                continue;
            }

            if (e != 'u' || p + 6 > _text.Length || !IsHex(_text[p + 2]) || !IsHex(_text[p + 3]) || !IsHex(_text[p + 4]) || !IsHex(_text[p + 5]))
            {
                return false;
            }

            p += 6;
        }

        TokenStart = start;
        TokenLength = p - start;
        TokenEscaped = escaped;
        _pos = p + 1;
        return true;
    }

    // number = [ "-" ], ( "0" | digit1-9, { digit } ), [ ".", digit, { digit } ], [ ( "e" | "E" ), [ "+" | "-" ], digit, { digit } ] ;
    private bool ReadNumber()
    {
        var p = _pos;
        if (U(_text[p]) == '-')
        {
            p++;
        }

        if (p >= _text.Length)
        {
            return false;
        }

        if (U(_text[p]) == '0')
        {
            p++;
        }
        else if (!Digits(ref p))
        {
            return false;
        }

        if (p < _text.Length && U(_text[p]) == '.')
        {
            p++;
            if (!Digits(ref p))
            {
                return false;
            }
        }

        if (p < _text.Length && (U(_text[p]) | 0x20) == 'e')
        {
            p++;
            if (p < _text.Length && U(_text[p]) is '+' or '-')
            {
                p++;
            }

            if (!Digits(ref p))
            {
                return false;
            }
        }

        TokenStart = _pos;
        TokenLength = p - _pos;
        TokenEscaped = false;
        _pos = p;
        _state = State.AfterValue;
        return true;
    }

    private readonly bool Digits(ref int p)
    {
        var start = p;
        while (p < _text.Length && U(_text[p]) - '0' <= 9)
        {
            p++;
        }

        return p > start;
    }

    private JsonToken ReadLiteral(string literal, JsonToken token)
    {
        if (_pos + literal.Length > _text.Length)
        {
            return Fail();
        }

        for (var i = 0; i < literal.Length; i++)
        {
            if (U(_text[_pos + i]) != literal[i])
            {
                return Fail();
            }
        }

        TokenStart = _pos;
        TokenLength = literal.Length;
        TokenEscaped = false;
        _pos += literal.Length;
        _state = State.AfterValue;
        return token;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && U(_text[_pos]) is ' ' or '\t' or '\r' or '\n')
        {
            _pos++;
        }
    }

    private static bool IsHex(T unit) => U(unit) switch
    {
        >= '0' and <= '9' => true,
        >= 'a' and <= 'f' => true,
        >= 'A' and <= 'F' => true,
        _ => false,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint U(T unit) => uint.CreateTruncating(unit);

    // perf: strings dominate CloudTrail-like events (ARNs, user agents), and a call to a general vectorized search
    // pays its set-up per string. This compares 32 bytes (16 chars) at a time inline: quote, backslash, or a control
    // character (unsigned less than 0x20).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int IndexOfStringSpecial(ReadOnlySpan<T> text)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(text);
            if (typeof(T) == typeof(byte))
            {
                ref var bytes = ref Unsafe.As<T, byte>(ref start);
                for (; i + 32 <= text.Length; i += 32)
                {
                    var v = Vector256.LoadUnsafe(ref bytes, (nuint)i);
                    var special = Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\')) |
                                  Vector256.LessThan(v, Vector256.Create((byte)0x20));
                    var mask = special.ExtractMostSignificantBits();
                    if (mask != 0)
                    {
                        return i + BitOperations.TrailingZeroCount(mask);
                    }
                }
            }
            else
            {
                ref var chars = ref Unsafe.As<T, ushort>(ref start);
                for (; i + 16 <= text.Length; i += 16)
                {
                    var v = Vector256.LoadUnsafe(ref chars, (nuint)i);
                    var special = Vector256.Equals(v, Vector256.Create((ushort)'"')) | Vector256.Equals(v, Vector256.Create((ushort)'\\')) |
                                  Vector256.LessThan(v, Vector256.Create((ushort)0x20));
                    var mask = special.ExtractMostSignificantBits();
                    if (mask != 0)
                    {
                        return i + BitOperations.TrailingZeroCount(mask);
                    }
                }
            }
        }

        for (; i < text.Length; i++)
        {
            var c = U(text[i]);
            if (c is '"' or '\\' or < 0x20)
            {
                return i;
            }
        }

        return -1;
    }
}
