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
/// <remarks>
/// Where the machine has AVX2, <see cref="NextMember"/> and the skips walk the grammar over structural positions found
/// 64 units at a time (<see cref="JsonStructurals"/>) instead of reading every unit, and a member's value that
/// <see cref="TakeValue"/> hands over was read there too; <see cref="Next"/>, which reads the other tokens a selector
/// takes (array elements, say), stays unit by unit. Both accept exactly the same texts.
/// </remarks>
internal ref struct JsonTokenizer<T>
    where T : unmanaged, IBinaryInteger<T>
{
    private readonly ReadOnlySpan<T> _text;
    private readonly Span<ulong> _containers;
    private readonly int _maxDepth;
    private int _pos;
    private int _depth;
    private State _state;

    // The structural walk's last block (its positions not yet taken), kept so that the next walk resumes there rather
    // than classifying that block again; _walkStart is -1 when there is none. After it come the blocks classified
    // ahead (_ahead[_aheadNext.._aheadCount], those with structural positions), then the text from _classifyAt on,
    // with what the blocks so far carry into it (_classifyAt is int.MaxValue after a block that shows the text invalid).
    // The carry's Backslashes may so tell of a backslash ahead of the walk: the names it compares then get an exact
    // look for escapes, which finds none.
    private ulong _walkBits;
    private int _walkStart;
    private JsonStructurals.Carry _walkCarry;
    private int _classifyAt;
    private int _aheadNext;
    private int _aheadCount;
    private AheadBlocks _ahead;

    // The value of the member whose name the walk last returned, already read (Token is Invalid when there is none).
    private PendingValue _pending;

    /// <param name="text">The whole event.</param>
    /// <param name="containerBits">At least <c>(maxDepth + 63) / 64</c> words of scratch space.</param>
    /// <param name="maxDepth">Deepest nesting accepted.</param>
    public JsonTokenizer(ReadOnlySpan<T> text, Span<ulong> containerBits, int maxDepth)
    {
        _text = text;
        _containers = containerBits;
        _maxDepth = maxDepth;
        _state = State.Value;
        _walkStart = -1;
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

    /// <summary>
    /// After <see cref="NextMember"/> returned a name: which of the filter's names it is (<see cref="KeyFilter.Accept"/>),
    /// or <see cref="KeyFilter.MayBeOne"/> when the filter did not tell (a name with escapes, say).
    /// </summary>
    public int NameIndex { get; private set; }

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
    /// Inside an object (after its opening brace or a member's value): reads on to the next member whose name may
    /// pass <paramref name="filter"/> (or has escapes), skipping and validating every other member. Returns
    /// <see cref="JsonToken.PropertyName"/> (the name is the token's text), <see cref="JsonToken.EndObject"/> or
    /// <see cref="JsonToken.Invalid"/>.
    /// </summary>
    public JsonToken NextMember(in KeyFilter filter)
    {
        Debug.Assert(InObject && _state is State.KeyOrEndObject or State.AfterValue, "NextMember reads an object's members.");
        if (JsonStructurals.Enabled)
        {
            return Walk<ReadMembers>(atValue: false, filter);
        }

        var text = _text;

        // perf: the position and state stay in locals across skipped members; the fields are written on the way out.
        var pos = _pos;
        var afterValue = _state == State.AfterValue;
        while (true)
        {
            pos = NonWhitespace(text, pos);
            if ((uint)pos >= (uint)text.Length)
            {
                return Fail();
            }

            var c = U(text[pos]);
            if (c == '}')
            {
                _pos = pos + 1;
                return Pop(inObject: true);
            }

            if (afterValue)
            {
                if (c != ',')
                {
                    return Fail();
                }

                pos = NonWhitespace(text, pos + 1);
                if ((uint)pos >= (uint)text.Length)
                {
                    return Fail();
                }

                c = U(text[pos]);
            }

            var start = pos;
            var escaped = false;
            var end = c == '"' ? StringEnd(text, pos, out escaped) : -1;
            if (end < 0)
            {
                return Fail();
            }

            pos = NonWhitespace(text, end);
            if ((uint)pos >= (uint)text.Length || U(text[pos]) != ':')
            {
                return Fail();
            }

            pos++;
            var name = text[(start + 1)..(end - 1)];
            var accepted = escaped ? KeyFilter.MayBeOne : filter.Accept(name);
            if (accepted != KeyFilter.Rejected)
            {
                NameIndex = accepted;
                _pos = pos;
                _state = State.Value;
                TokenStart = start + 1;
                TokenLength = name.Length;
                TokenEscaped = escaped;
                return JsonToken.PropertyName;
            }

            // perf: most members' values are strings; those are skipped here, without the call.
            pos = NonWhitespace(text, pos);
            if ((uint)pos < (uint)text.Length && U(text[pos]) == '"')
            {
                pos = StringEnd(text, pos, out _);
                if (pos < 0)
                {
                    return Fail();
                }

                afterValue = true;
                continue;
            }

            _pos = pos;
            _state = State.Value;
            if (!Skip(atValue: true))
            {
                return JsonToken.Invalid;
            }

            pos = _pos;
            afterValue = true;
        }
    }

    /// <summary>
    /// After <see cref="JsonToken.StartObject"/> or <see cref="JsonToken.StartArray"/>, consumes (and validates) the
    /// container up to and including its end. Returns false if the JSON is invalid.
    /// </summary>
    public bool SkipContainer() => Skip(atValue: false);

    /// <summary>
    /// After <see cref="JsonToken.PropertyName"/>, consumes (and validates) the member's value, whatever it is. Returns
    /// false if the JSON is invalid.
    /// </summary>
    public bool SkipValue()
    {
        if (_pending.Token != JsonToken.Invalid)
        {
            // Read already: a scalar is done with, a container is skipped from just inside its bracket.
            var container = _pending.Token is JsonToken.StartObject or JsonToken.StartArray;
            _pending = default;
            return !container || Skip(atValue: false);
        }

        Debug.Assert(_state == State.Value, "SkipValue follows a property name.");
        return Skip(atValue: true);
    }

    /// <summary>
    /// After <see cref="JsonToken.PropertyName"/>, the member's value: as <see cref="Next"/> would read it, but where the
    /// name came from the structural walk, the walk has read it already.
    /// </summary>
    public JsonToken TakeValue()
    {
        var pending = _pending;
        if (pending.Token == JsonToken.Invalid)
        {
            return Next();
        }

        _pending = default;
        TokenStart = pending.Start;
        TokenLength = pending.Length;
        TokenEscaped = pending.Escaped;
        return pending.Token;
    }

    private readonly record struct PendingValue(JsonToken Token, int Start, int Length, bool Escaped);

    // At a value (atValue) or just inside a container's opening bracket: consumes until the value or the container
    // ends, with the same grammar as Next.
    // perf: most of an event's tokens sit in containers no selector enters. This is one loop over locals (the labels
    // are the grammar's states) instead of a token returned each time, and its helpers take and return positions
    // rather than refs, so the position stays in a register (measured on CloudTrail candidates: the whole pass 1.7
    // times faster than with a loop over Next).
    private bool Skip(bool atValue)
    {
        if (JsonStructurals.Enabled)
        {
            return Walk<SkipOnly>(atValue, KeyFilter.None) != JsonToken.Invalid;
        }

        var text = _text;
        var pos = _pos;
        var depth = _depth;
        var target = atValue ? depth : depth - 1;

        // At a value, the container around it is never looked at: After returns first.
        var inObject = !atValue && InObject;
        uint c;
        if (atValue)
        {
            goto Value;
        }

    FirstOrEnd:
        // Just inside an opening bracket: the container's end, or its first member (object) or element (array).
        pos = NonWhitespace(text, pos);
        if ((uint)pos >= (uint)text.Length)
        {
            goto Fail;
        }

        c = U(text[pos]);
        if (c == (inObject ? '}' : ']'))
        {
            goto Close;
        }

        if (!inObject)
        {
            goto ValueAt;
        }

    Key:
        pos = c == '"' ? StringEnd(text, pos, out _) : -1;
        if (pos < 0)
        {
            goto Fail;
        }

        pos = NonWhitespace(text, pos);
        if ((uint)pos >= (uint)text.Length || U(text[pos]) != ':')
        {
            goto Fail;
        }

        pos++;

    Value:
        pos = NonWhitespace(text, pos);
        if ((uint)pos >= (uint)text.Length)
        {
            goto Fail;
        }

        c = U(text[pos]);

    ValueAt:
        if (c == '"')
        {
            pos = StringEnd(text, pos, out _);
        }
        else if (c is '{' or '[')
        {
            inObject = c == '{';
            if ((depth = Open(depth, inObject)) < 0)
            {
                goto Fail;
            }

            pos++;
            goto FirstOrEnd;
        }
        else if (c == '-' || c - '0' <= 9)
        {
            pos = NumberEnd(text, pos);
        }
        else
        {
            pos = c switch
            {
                't' => LiteralEnd(text, pos, "true"),
                'f' => LiteralEnd(text, pos, "false"),
                'n' => LiteralEnd(text, pos, "null"),
                _ => -1,
            };
        }

        if (pos < 0)
        {
            goto Fail;
        }

        goto After;

    After:
        if (depth == target)
        {
            _pos = pos;
            _depth = depth;
            _state = State.AfterValue;
            return true;
        }

        pos = NonWhitespace(text, pos);
        if ((uint)pos >= (uint)text.Length)
        {
            goto Fail;
        }

        c = U(text[pos]);
        if (c == ',')
        {
            if (!inObject)
            {
                pos++;
                goto Value;
            }

            pos = NonWhitespace(text, pos + 1);
            if ((uint)pos >= (uint)text.Length)
            {
                goto Fail;
            }

            c = U(text[pos]);
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

    // The grammar walk of NextMember (members) and Skip over structural positions (JsonStructurals): the same states
    // as Skip's, but each step goes to the next structural position instead of reading units, so strings, whitespace
    // and the rest of numbers cost nothing here. Only a string's opening quote is structural: the next structural
    // position lies past its closing quote, which is the last unit before that position that is not whitespace, and is
    // looked up only where the string's text or end is needed (a name the filter tests, a value handed over).
    // Members: returns PropertyName at a member of the object at the current depth whose name may pass filter (or has
    // escapes), EndObject at its end. Skip: returns EndOfDocument once the value or container is consumed. Either
    // returns Invalid if the text is not JSON.
    // perf: on the CloudTrail corpus (Zen 4, in-process, walk on/off interleaved) candidates of CIS 3.1 take 590-616
    // instead of 672-685 ns (2.3 KB each), the whole benchmark 2.73 instead of 3.03 ms, the JSON 100-pattern set
    // 17.1 instead of 18.3 ms. Not more: the classification costs a third of the pass, and the per-token steps of the
    // grammar remain. The unit-by-unit loops stay for machines without AVX2 and as the property tests' second opinion.
    // perf: closing quotes out of the structural positions (a third fewer steps for a member with a string value): on
    // the Zen 3 (AVX2), in-process, validating all 20,000 CloudTrail records 11.47-11.53 -> 10.34-10.35 ms, the JSON
    // 100-pattern set 20.6-21.0 -> 19.1-19.6 ms, CIS 3.1's candidates 2.51-2.54 -> 2.48-2.50 ms.
    private JsonToken Walk<TMode>(bool atValue, in KeyFilter filter)
        where TMode : struct, IWalkMode
    {
        var members = TMode.Members;
        var text = _text;
        var depth = _depth;
        var target = members ? depth : atValue ? depth : depth - 1;
        // perf: the matcher reads the value after a name itself (Next), usually a short one; if the position is still
        // in the block the last walk ended in, that block's later positions are this walk's first (the position is at
        // a token boundary of valid JSON, where the classification from any earlier boundary is the same as one from
        // here, unless the unit there would continue a number or literal the tokenizer stopped before: "1x").
        var pos = _pos;
        StructuralBlock block;
        if (_walkStart >= 0 && (uint)(pos - _walkStart) < JsonStructurals.BlockSize && (pos >= text.Length || EndsToken(U(text[pos]))))
        {
            block = new StructuralBlock(_walkBits & (ulong.MaxValue << (pos - _walkStart)), _walkStart);
        }
        else
        {
            block = default;
            _classifyAt = pos;
            _aheadNext = _aheadCount = 0;
            _walkCarry = default;
        }

        int s;
        var end = 0;
        uint c;
        var inObject = true;
        var afterValue = _state == State.AfterValue;
        if (members)
        {
            goto Member;
        }

        if (atValue)
        {
            goto Value;
        }

        inObject = InObject;
        goto FirstOrEnd;

    Member:
        // At depth == target, in the object whose members are read: its end, or (after a comma) a member's name.
        if (!TakeStructural(ref block, out s))
        {
            goto Fail;
        }

        c = At(text, s);
        if (c == '}')
        {
            _pos = s + 1;
            _depth = depth;
            (_walkBits, _walkStart) = (block.Bits, block.Start);
            return Pop(inObject: true);
        }

        if (afterValue)
        {
            if (c != ',' || !TakeStructural(ref block, out s))
            {
                goto Fail;
            }

            c = At(text, s);
        }

        // The colon (the name's closing quote is the last unit before it that is not whitespace).
        int colon;
        if (c != '"' || !TakeStructural(ref block, out colon) || At(text, colon) != ':')
        {
            goto Fail;
        }

        end = ClosingQuote(text, colon);

        var name = Between(text, s, end);
        var escaped = _walkCarry.Backslashes && HasBackslash(name);
        var accepted = escaped ? KeyFilter.MayBeOne : filter.Accept(name);
        if (accepted != KeyFilter.Rejected)
        {
            NameIndex = accepted;
            TokenStart = s + 1;
            TokenLength = name.Length;
            TokenEscaped = escaped;

            // perf: the value too, from the structural positions (TakeValue hands it over): the matcher reads the
            // value of every name it takes, and reading it here saves a unit-by-unit read and a walk's restart.
            if (!TakeStructural(ref block, out s))
            {
                goto Fail;
            }

            c = At(text, s);
            if (c == '"')
            {
                if (!PeekStructural(ref block, out end))
                {
                    goto Fail;
                }

                end = ClosingQuote(text, end);
                var value = Between(text, s, end);
                _pending = new PendingValue(JsonToken.String, s + 1, value.Length, _walkCarry.Backslashes && value.Contains(T.CreateTruncating('\\')));
                _pos = end + 1;
                _state = State.AfterValue;
            }
            else if (c is '{' or '[')
            {
                inObject = c == '{';
                if ((depth = Open(depth, inObject)) < 0)
                {
                    goto Fail;
                }

                _pending = new PendingValue(inObject ? JsonToken.StartObject : JsonToken.StartArray, s, 1, false);
                _pos = s + 1;
                _state = inObject ? State.KeyOrEndObject : State.ValueOrEndArray;
            }
            else
            {
                if ((end = ScalarEnd(text, s, c, out var token)) < 0)
                {
                    goto Fail;
                }

                _pending = new PendingValue(token, s, end - s, false);
                _pos = end;
                _state = State.AfterValue;
            }

            _depth = depth;
            (_walkBits, _walkStart) = (block.Bits, block.Start);
            return JsonToken.PropertyName;
        }

        afterValue = true;
        goto Value;

    FirstOrEnd:
        // Just inside an opening bracket: the container's end, or its first member (object) or element (array).
        if (!TakeStructural(ref block, out s))
        {
            goto Fail;
        }

        c = At(text, s);
        if (c == (inObject ? '}' : ']'))
        {
            goto Close;
        }

        if (!inObject)
        {
            goto ValueAt;
        }

    KeyAt:
        // c, at s, must open a member's name; a colon follows.
        if (c != '"' || !TakeStructural(ref block, out s) || At(text, s) != ':')
        {
            goto Fail;
        }

    Value:
        if (!TakeStructural(ref block, out s))
        {
            goto Fail;
        }

        c = At(text, s);

    ValueAt:
        if (c == '"')
        {
            // perf: the string's end only where the walk stops after it (the next structural position is the walk's
            // next step either way).
            if (depth == target && !members)
            {
                if (!PeekStructural(ref block, out end))
                {
                    goto Fail;
                }

                end = ClosingQuote(text, end) + 1;
            }

            goto After;
        }

        if (c is '{' or '[')
        {
            inObject = c == '{';
            if ((depth = Open(depth, inObject)) < 0)
            {
                goto Fail;
            }

            goto FirstOrEnd;
        }

        if ((end = ScalarEnd(text, s, c, out _)) < 0)
        {
            goto Fail;
        }

    After:
        // Just past a value at depth (end): done, the next member, or a comma or the end of the container around it.
        if (depth == target)
        {
            if (members)
            {
                goto Member;
            }

            _pos = end;
            _depth = depth;
            _state = State.AfterValue;
            (_walkBits, _walkStart) = (block.Bits, block.Start);
            return JsonToken.EndOfDocument;
        }

        if (!TakeStructural(ref block, out s))
        {
            goto Fail;
        }

        c = At(text, s);
        if (c == ',')
        {
            if (!inObject)
            {
                goto Value;
            }

            if (!TakeStructural(ref block, out s))
            {
                goto Fail;
            }

            c = At(text, s);
            goto KeyAt;
        }

        if (c != (inObject ? '}' : ']'))
        {
            goto Fail;
        }

    Close:
        // c is the closing bracket at s, and it matches the innermost container.
        end = s + 1;
        depth--;
        if (depth != target)
        {
            inObject = (_containers[(depth - 1) >> 6] & (1UL << ((depth - 1) & 63))) != 0;
        }

        goto After;

    Fail:
        return Fail();
    }

    // Whether a walk reads an object's members (NextMember) or only skips (Skip). perf: a type, so that each is its own
    // compiled walk, with the flag a constant rather than a value that holds a register through the loop.
    private interface IWalkMode
    {
        static abstract bool Members { get; }
    }

    private readonly struct ReadMembers : IWalkMode
    {
        public static bool Members => true;
    }

    private readonly struct SkipOnly : IWalkMode
    {
        public static bool Members => false;
    }

    // A number or literal starting with c at s: the grammar's, then a unit that ends a token (else it runs on: "1x",
    // "truex"). Its end, or -1; and which token it is.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ScalarEnd(ReadOnlySpan<T> text, int s, uint c, out JsonToken token)
    {
        int end;
        (end, token) = c == '-' || c - '0' <= 9 ? (NumberEnd(text, s), JsonToken.Number) : c switch
        {
            't' => (Holds4(text, s, "true") ? s + 4 : -1, JsonToken.True),
            'f' => (Holds4(text, s + 1, "alse") ? s + 5 : -1, JsonToken.False),
            'n' => (Holds4(text, s, "null") ? s + 4 : -1, JsonToken.Null),
            _ => (-1, JsonToken.Invalid),
        };
        return end < 0 || (end < text.Length && !EndsToken(U(text[end]))) ? -1 : end;
    }

    // Opens an object or an array inside depth containers: the new depth, or -1 past the deepest nesting accepted.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int Open(int depth, bool inObject)
    {
        if (depth >= _maxDepth)
        {
            return -1;
        }

        ref var word = ref _containers[depth >> 6];
        var bit = 1UL << (depth & 63);
        word = inObject ? word | bit : word & ~bit;
        return depth + 1;
    }

    // Whether a name holds a backslash. perf: a unit at a time and inline, not Contains: names are short, and the call
    // would cost the walk its block's registers (it runs only in events that hold a backslash somewhere).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool HasBackslash(ReadOnlySpan<T> name)
    {
        foreach (var unit in name)
        {
            if (U(unit) == '\\')
            {
                return true;
            }
        }

        return false;
    }

    // JSON's whitespace (RFC 8259): space, tab, LF, CR.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhitespace(uint c) => c is ' ' or '\t' or '\r' or '\n';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EndsToken(uint c) => c is ' ' or '\t' or '\r' or '\n' or ',' or ':' or '"' or '[' or ']' or '{' or '}';

    // The unit at a structural position, as a number. perf: unchecked: a structural position lies in the text (the last
    // block's padding past the text's end is whitespace, never structural).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint At(ReadOnlySpan<T> text, int structural)
    {
        Debug.Assert((uint)structural < (uint)text.Length, "A structural position lies in the text.");
        return U(Unsafe.Add(ref MemoryMarshal.GetReference(text), (nint)(uint)structural));
    }

    // A string's content: the units after its opening quote (at quote) and before its closing one (at end). perf:
    // without the slice's checks (both positions come from the structural positions, in order).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<T> Between(ReadOnlySpan<T> text, int quote, int end)
    {
        Debug.Assert(0 <= quote && quote < end && end < text.Length, "A string's quotes lie in the text, in order.");
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), (nint)(uint)(quote + 1)), end - quote - 1);
    }

    // Takes the next structural position (classifying blocks as needed) into s; false at the text's end or at a block
    // that shows the text invalid (the walk never ends at the text's end: the document's last bracket ends it first).
    // perf: a bool beside the position, not a -1 in it, so that a position taken from the block needs no test.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TakeStructural(ref StructuralBlock block, out int s)
    {
        if (!HasStructural(ref block))
        {
            s = 0;
            return false;
        }

        s = block.Take();
        return true;
    }

    // The next structural position into s, left to be taken again (false as for TakeStructural).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool PeekStructural(ref StructuralBlock block, out int s)
    {
        if (!HasStructural(ref block))
        {
            s = 0;
            return false;
        }

        s = block.Start + BitOperations.TrailingZeroCount(block.Bits);
        return true;
    }

    // The closing quote of the string whose next structural position (after the string) is at next: the last unit
    // before it that is not whitespace (what lies between a string and the next structural position is whitespace).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ClosingQuote(ReadOnlySpan<T> text, int next)
    {
        // perf: compact JSON has the quote right there; the reads are unchecked (the string's opening quote lies
        // before next, and is not whitespace).
        var q = next - 1;
        if (At(text, q) == '"')
        {
            return q;
        }

        while (IsWhitespace(At(text, q)))
        {
            q--;
        }

        return q;
    }

    // Whether block, or else the next block with structural positions (which it then becomes), has one. perf: a block
    // classified ahead is taken inline; the call is left for a refill (once in AheadBlocks.Length blocks).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool HasStructural(ref StructuralBlock block) =>
        block.Bits != 0 || (block = _aheadNext < _aheadCount ? _ahead[_aheadNext++] : RefillBlock()).Bits != 0;

    // The first block of a refill, or no bits. perf: out of line and returned by value, so that the walk's block stays
    // in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private StructuralBlock RefillBlock() => Refill() ? _ahead[_aheadNext++] : default;

    // Classifies the blocks from _classifyAt on until AheadBlocks.Length of them have structural positions (or the text
    // ends, or a block shows it invalid) into _ahead; false when there is none. perf: several blocks a call, so that
    // the call, the constants' loads and the carries' trip through memory are paid once for them all, and one block's
    // classification overlaps the next one's.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Refill()
    {
        var at = _classifyAt;
        var count = JsonStructurals.ClassifyBlocks(_text, ref at, ref _walkCarry, _ahead);
        _classifyAt = at;
        _aheadCount = count;
        _aheadNext = 0;
        return count != 0;
    }

    // The first position at or after pos that is not whitespace (or the end).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NonWhitespace(ReadOnlySpan<T> text, int pos)
    {
        while ((uint)pos < (uint)text.Length && IsWhitespace(U(text[pos])))
        {
            pos++;
        }

        return pos;
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
        var depth = Open(_depth, inObject);
        if (depth < 0)
        {
            return false;
        }

        _depth = depth;
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
        var end = StringEnd(_text, _pos, out var escaped);
        if (end < 0)
        {
            return false;
        }

        TokenStart = _pos + 1;
        TokenLength = end - _pos - 2;
        TokenEscaped = escaped;
        _pos = end;
        return true;
    }

    private bool ReadNumber()
    {
        var end = NumberEnd(_text, _pos);
        if (end < 0)
        {
            return false;
        }

        TokenStart = _pos;
        TokenLength = end - _pos;
        TokenEscaped = false;
        _pos = end;
        _state = State.AfterValue;
        return true;
    }

    private JsonToken ReadLiteral(string literal, JsonToken token)
    {
        var end = LiteralEnd(_text, _pos, literal);
        if (end < 0)
        {
            return Fail();
        }

        TokenStart = _pos;
        TokenLength = literal.Length;
        TokenEscaped = false;
        _pos = end;
        _state = State.AfterValue;
        return token;
    }

    // string = '"', { unescaped | escape }, '"' ; unescaped excludes '"', '\\' and U+0000..U+001F.
    // From the opening quote at quote: the position just past the closing one, or -1 if the string is invalid; and
    // whether it has escapes. (Positions go in and out by value: a ref would keep the caller's position out of registers.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StringEnd(ReadOnlySpan<T> text, int quote, out bool escaped)
    {
        escaped = false;
        var p = quote + 1;
        while (true)
        {
            var special = IndexOfStringSpecial(text[p..]);
            if (special < 0)
            {
                return -1;
            }

            p += special;
            var c = U(text[p]);
            if (c == '"')
            {
                return p + 1;
            }

            escaped = true;
            p = c == '\\' ? EscapeEnd(text, p) : -1;
            if (p < 0)
            {
                return -1;
            }
        }
    }

    // From the backslash at p: the position just past the escape, or -1 if it is invalid.
    private static int EscapeEnd(ReadOnlySpan<T> text, int p)
    {
        if (p + 1 >= text.Length)
        {
            return -1;
        }

        var e = U(text[p + 1]);
        if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
        {
            return p + 2;
        }

        if (e != 'u' || p + 6 > text.Length || !IsHex(text[p + 2]) || !IsHex(text[p + 3]) || !IsHex(text[p + 4]) || !IsHex(text[p + 5]))
        {
            return -1;
        }

        return p + 6;
    }

    // number = [ "-" ], ( "0" | digit1-9, { digit } ), [ ".", digit, { digit } ], [ ( "e" | "E" ), [ "+" | "-" ], digit, { digit } ] ;
    // From its first character at pos: the position just past the number, or -1 if it is invalid.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NumberEnd(ReadOnlySpan<T> text, int pos)
    {
        var p = pos;
        if (U(text[p]) == '-')
        {
            p++;
        }

        if (p >= text.Length)
        {
            return -1;
        }

        if (U(text[p]) == '0')
        {
            p++;
        }
        else
        {
            var digits = DigitsEnd(text, p);
            if (digits == p)
            {
                return -1;
            }

            p = digits;
        }

        if (p < text.Length && U(text[p]) == '.')
        {
            var digits = DigitsEnd(text, p + 1);
            if (digits == p + 1)
            {
                return -1;
            }

            p = digits;
        }

        if (p < text.Length && (U(text[p]) | 0x20) == 'e')
        {
            p++;
            if (p < text.Length && U(text[p]) is '+' or '-')
            {
                p++;
            }

            var digits = DigitsEnd(text, p);
            if (digits == p)
            {
                return -1;
            }

            p = digits;
        }

        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DigitsEnd(ReadOnlySpan<T> text, int p)
    {
        while (p < text.Length && U(text[p]) - '0' <= 9)
        {
            p++;
        }

        return p;
    }

    // Whether the four units at p are those of ascii (four ASCII characters). perf: one load and compare, inline, where
    // LiteralEnd is a loop and a call (the walk's block would not stay in registers across it).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds4(ReadOnlySpan<T> text, int p, string ascii)
    {
        Debug.Assert(ascii.Length == 4, "Four characters.");
        if ((uint)p > (uint)text.Length || text.Length - p < 4)
        {
            return false;
        }

        ref var at = ref Unsafe.As<T, byte>(ref Unsafe.Add(ref MemoryMarshal.GetReference(text), p));
        if (typeof(T) == typeof(byte))
        {
            var expected = ascii[0] | ((uint)ascii[1] << 8) | ((uint)ascii[2] << 16) | ((uint)ascii[3] << 24);
            return Unsafe.ReadUnaligned<uint>(ref at) == expected;
        }

        var wide = ascii[0] | ((ulong)ascii[1] << 16) | ((ulong)ascii[2] << 32) | ((ulong)ascii[3] << 48);
        return Unsafe.ReadUnaligned<ulong>(ref at) == wide;
    }

    // From its first character at p: the position just past the literal, or -1 if the text differs.
    private static int LiteralEnd(ReadOnlySpan<T> text, int p, string literal)
    {
        if (p + literal.Length > text.Length)
        {
            return -1;
        }

        for (var i = 0; i < literal.Length; i++)
        {
            if (U(text[p + i]) != literal[i])
            {
                return -1;
            }
        }

        return p + literal.Length;
    }

    private void SkipWhitespace()
    {
        while (_pos < _text.Length && IsWhitespace(U(_text[_pos])))
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

/// <summary>The structural bits of the block that starts at Start; Take removes and returns the first position.</summary>
internal struct StructuralBlock(ulong bits, int start)
{
    public ulong Bits = bits;
    public int Start = start;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Take()
    {
        var s = Start + BitOperations.TrailingZeroCount(Bits);
        Bits &= Bits - 1;
        return s;
    }
}

/// <summary>The blocks <see cref="JsonTokenizer{T}"/> classified ahead of its walk.</summary>
[InlineArray(Length)]
internal struct AheadBlocks
{
    public const int Length = 8;

    private StructuralBlock _first;
}
