using System.Diagnostics;
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
    /// <remarks>
    /// perf: most of an event's tokens sit in containers no selector enters. This validates them with the same grammar
    /// as <see cref="Next"/> but as one loop over locals, jumping between the grammar's states instead of returning a
    /// token each time (measured on CloudTrail candidates: about 3 times faster than a loop over <see cref="Next"/>).
    /// </remarks>
    /// <summary>
    /// Inside an object (after its opening brace or a member's value): reads on to the next member whose name may
    /// pass <paramref name="filter"/> (or has escapes), skipping and validating every other member. Returns
    /// <see cref="JsonToken.PropertyName"/> (the name is the token's text), <see cref="JsonToken.EndObject"/> or
    /// <see cref="JsonToken.Invalid"/>.
    /// </summary>
    public JsonToken NextMember(in KeyFilter filter)
    {
        Debug.Assert(InObject && _state is State.KeyOrEndObject or State.AfterValue, "NextMember reads an object's members.");
        var text = _text;
        while (true)
        {
            var pos = _pos;
            if (!NextNonWhitespace(text, ref pos, out var c))
            {
                return Fail();
            }

            if (c == '}')
            {
                _pos = pos + 1;
                return Pop(inObject: true);
            }

            if (_state == State.AfterValue)
            {
                if (c != ',')
                {
                    return Fail();
                }

                pos++;
                if (!NextNonWhitespace(text, ref pos, out c))
                {
                    return Fail();
                }
            }

            var start = pos;
            if (c != '"' || !SkipString(text, ref pos, out var escaped))
            {
                return Fail();
            }

            var end = pos - 1;
            if (!NextNonWhitespace(text, ref pos, out c) || c != ':')
            {
                return Fail();
            }

            _pos = pos + 1;
            _state = State.Value;
            var name = text[(start + 1)..end];
            if (escaped || filter.MayAccept(name))
            {
                TokenStart = start + 1;
                TokenLength = name.Length;
                TokenEscaped = escaped;
                return JsonToken.PropertyName;
            }

            if (!Skip(atValue: true))
            {
                return JsonToken.Invalid;
            }
        }
    }

    public bool SkipContainer() => Skip(atValue: false);

    /// <summary>
    /// After <see cref="JsonToken.PropertyName"/>, consumes (and validates) the member's value, whatever it is. Returns
    /// false if the JSON is invalid.
    /// </summary>
    public bool SkipValue()
    {
        Debug.Assert(_state == State.Value, "SkipValue follows a property name.");
        return Skip(atValue: true);
    }

    // At a value (atValue) or just inside a container's opening bracket: consumes until the value or the container
    // ends. One loop over locals: the labels are the grammar's states.
    private bool Skip(bool atValue)
    {
        var text = _text;
        var pos = _pos;
        var depth = _depth;
        var target = atValue ? depth : depth - 1;
        var inObject = InObject;
        uint c;
        if (atValue)
        {
            goto Value;
        }

        if (inObject)
        {
            goto KeyOrEnd;
        }

        goto ValueOrEnd;

    KeyOrEnd:
        if (!NextNonWhitespace(text, ref pos, out c))
        {
            goto Fail;
        }

        if (c == '}')
        {
            goto Close;
        }

    Key:
        if (c != '"' || !SkipString(text, ref pos, out _) || !NextNonWhitespace(text, ref pos, out c) || c != ':')
        {
            goto Fail;
        }

        pos++;

    Value:
        if (!NextNonWhitespace(text, ref pos, out c))
        {
            goto Fail;
        }

    ValueAt:
        switch (c)
        {
            case '"':
                if (!SkipString(text, ref pos, out _))
                {
                    goto Fail;
                }

                goto After;
            case '{' or '[':
                if (depth >= _maxDepth)
                {
                    goto Fail;
                }

                inObject = c == '{';
                ref var word = ref _containers[depth >> 6];
                var bit = 1UL << (depth & 63);
                word = inObject ? word | bit : word & ~bit;
                depth++;
                pos++;
                if (inObject)
                {
                    goto KeyOrEnd;
                }

                goto ValueOrEnd;
            case 't':
                if (!SkipLiteral(text, ref pos, "true"))
                {
                    goto Fail;
                }

                goto After;
            case 'f':
                if (!SkipLiteral(text, ref pos, "false"))
                {
                    goto Fail;
                }

                goto After;
            case 'n':
                if (!SkipLiteral(text, ref pos, "null"))
                {
                    goto Fail;
                }

                goto After;
            default:
                if ((c == '-' || c - '0' <= 9) && SkipNumber(text, ref pos))
                {
                    goto After;
                }

                goto Fail;
        }

    ValueOrEnd:
        if (!NextNonWhitespace(text, ref pos, out c))
        {
            goto Fail;
        }

        if (c == ']')
        {
            goto Close;
        }

        goto ValueAt;

    After:
        if (depth == target)
        {
            _pos = pos;
            _depth = depth;
            _state = State.AfterValue;
            return true;
        }

        if (!NextNonWhitespace(text, ref pos, out c))
        {
            goto Fail;
        }

        if (c == ',')
        {
            pos++;
            if (!inObject)
            {
                goto Value;
            }

            if (!NextNonWhitespace(text, ref pos, out c))
            {
                goto Fail;
            }

            goto Key;
        }

        if (c != (inObject ? '}' : ']'))
        {
            goto Fail;
        }

    Close:
        // c is the closing bracket at pos, and it matches the innermost container.
        pos++;
        depth--;
        if (depth != target)
        {
            inObject = (_containers[(depth - 1) >> 6] & (1UL << ((depth - 1) & 63))) != 0;
        }

        goto After;

    Fail:
        Fail();
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool NextNonWhitespace(ReadOnlySpan<T> text, ref int pos, out uint c)
    {
        while ((uint)pos < (uint)text.Length)
        {
            c = U(text[pos]);
            if (c > ' ' || c is not (' ' or '\t' or '\r' or '\n'))
            {
                return true;
            }

            pos++;
        }

        c = 0;
        return false;
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

    private bool ReadString()
    {
        var p = _pos;
        if (!SkipString(_text, ref p, out var escaped))
        {
            return false;
        }

        TokenStart = _pos + 1;
        TokenLength = p - _pos - 2;
        TokenEscaped = escaped;
        _pos = p;
        return true;
    }

    private bool ReadNumber()
    {
        var p = _pos;
        if (!SkipNumber(_text, ref p))
        {
            return false;
        }

        TokenStart = _pos;
        TokenLength = p - _pos;
        TokenEscaped = false;
        _pos = p;
        _state = State.AfterValue;
        return true;
    }

    private JsonToken ReadLiteral(string literal, JsonToken token)
    {
        var p = _pos;
        if (!SkipLiteral(_text, ref p, literal))
        {
            return Fail();
        }

        TokenStart = _pos;
        TokenLength = literal.Length;
        TokenEscaped = false;
        _pos = p;
        _state = State.AfterValue;
        return token;
    }

    // string = '"', { unescaped | escape }, '"' ; unescaped excludes '"', '\' and U+0000..U+001F.
    // From the opening quote at p to just past the closing one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SkipString(ReadOnlySpan<T> text, ref int p, out bool escaped)
    {
        var q = p + 1;
        escaped = false;
        while (true)
        {
            var special = IndexOfStringSpecial(text[q..]);
            if (special < 0)
            {
                return false;
            }

            q += special;
            var c = U(text[q]);
            if (c == '"')
            {
                p = q + 1;
                return true;
            }

            if (c != '\\' || !SkipEscape(text, ref q))
            {
                return false;
            }

            escaped = true;
        }
    }

    // From the backslash at p to just past the escape.
    private static bool SkipEscape(ReadOnlySpan<T> text, ref int p)
    {
        if (p + 1 >= text.Length)
        {
            return false;
        }

        var e = U(text[p + 1]);
        if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
        {
            p += 2;
            return true;
        }

        if (e != 'u' || p + 6 > text.Length || !IsHex(text[p + 2]) || !IsHex(text[p + 3]) || !IsHex(text[p + 4]) || !IsHex(text[p + 5]))
        {
            return false;
        }

        p += 6;
        return true;
    }

    // number = [ "-" ], ( "0" | digit1-9, { digit } ), [ ".", digit, { digit } ], [ ( "e" | "E" ), [ "+" | "-" ], digit, { digit } ] ;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SkipNumber(ReadOnlySpan<T> text, ref int pos)
    {
        var p = pos;
        if (U(text[p]) == '-')
        {
            p++;
        }

        if (p >= text.Length)
        {
            return false;
        }

        if (U(text[p]) == '0')
        {
            p++;
        }
        else if (!Digits(text, ref p))
        {
            return false;
        }

        if (p < text.Length && U(text[p]) == '.')
        {
            p++;
            if (!Digits(text, ref p))
            {
                return false;
            }
        }

        if (p < text.Length && (U(text[p]) | 0x20) == 'e')
        {
            p++;
            if (p < text.Length && U(text[p]) is '+' or '-')
            {
                p++;
            }

            if (!Digits(text, ref p))
            {
                return false;
            }
        }

        pos = p;
        return true;
    }

    private static bool Digits(ReadOnlySpan<T> text, ref int p)
    {
        var start = p;
        while (p < text.Length && U(text[p]) - '0' <= 9)
        {
            p++;
        }

        return p > start;
    }

    private static bool SkipLiteral(ReadOnlySpan<T> text, ref int p, string literal)
    {
        if (p + literal.Length > text.Length)
        {
            return false;
        }

        for (var i = 0; i < literal.Length; i++)
        {
            if (U(text[p + i]) != literal[i])
            {
                return false;
            }
        }

        p += literal.Length;
        return true;
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
