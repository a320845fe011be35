using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// A JSON pattern: one forward pass of <see cref="JsonTokenizer{T}"/> over the event resolves every selector of the
/// pattern at once through a <see cref="JsonPathTrie"/>; subtrees no selector enters are skipped (but still validated:
/// an event that is not a JSON object, invalid or too deep never matches). The and/or tree is evaluated at the end.
/// </summary>
internal sealed class JsonMatcher : Matcher
{
    private const byte Current = 1;
    private const byte Earlier = 2;

    private readonly JsonPathTrie _trie;
    private readonly Lazy<JsonExtraction> _extraction;
    private readonly Condition _condition;
    private readonly int _conditionLeafCount;
    private readonly int _maxJsonDepth;
    private readonly JsonPrefilter? _prefilter;

    /// <param name="trie">The selectors of the condition's leaves.</param>
    /// <param name="extraction">
    /// Builds the extraction trie and captures, on the first <see cref="Match(ReadOnlySpan{byte})"/>: most patterns are
    /// only ever asked whether they match, and the second trie was half of compiling a large pattern.
    /// </param>
    /// <param name="condition">The and/or tree over leaves 0..n-1 of <paramref name="trie"/>.</param>
    /// <param name="maxJsonDepth">Deepest nesting an event may have.</param>
    /// <param name="prefilter">Literals a matching event contains, checked before parsing; null when there are none.</param>
    public JsonMatcher(JsonPathTrie trie, Func<JsonExtraction> extraction, Condition condition, int maxJsonDepth, JsonPrefilter? prefilter)
    {
        _prefilter = prefilter is { IsEmpty: false } ? prefilter : null;
        _trie = trie;
        _extraction = new Lazy<JsonExtraction>(extraction, LazyThreadSafetyMode.ExecutionAndPublication);
        _condition = condition;
        _conditionLeafCount = trie.LeafCount;
        _maxJsonDepth = maxJsonDepth;
    }

    public override Prefilter? Prefilter => _prefilter;

    public override bool IsMatch(ReadOnlySpan<byte> utf8) => IsMatchCore(utf8);

    public override bool IsMatch(ReadOnlySpan<char> utf16) => IsMatchCore(utf16);

    public override FilterMatch Match(ReadOnlySpan<byte> utf8) => MatchCore(utf8);

    public override FilterMatch Match(ReadOnlySpan<char> utf16) => MatchCore(utf16);

    private bool IsMatchCore<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (_prefilter is not null && !_prefilter.MayMatch(input))
        {
            return false;
        }

        Span<byte> state = stackalloc byte[_trie.LeafCount];
        return Scan(input, _trie, state, [], _maxJsonDepth) && Evaluate(_condition, state);
    }

    private FilterMatch MatchCore<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (_prefilter is not null && !_prefilter.MayMatch(input))
        {
            return FilterMatch.NoMatch;
        }

        var extraction = _extraction.Value;
        Span<byte> state = stackalloc byte[extraction.Trie.LeafCount];
        Span<CaptureSlot> captures = stackalloc CaptureSlot[extraction.Trie.LeafCount];
        if (!Scan(input, extraction.Trie, state, captures, _maxJsonDepth) || !Evaluate(_condition, state[.._conditionLeafCount]))
        {
            return FilterMatch.NoMatch;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, leaf) in extraction.Captures)
        {
            var slot = captures[leaf];
            var text = input.Slice(slot.Start, slot.Length);
            var value = slot.Token switch
            {
                JsonToken.String => DecodeString(text, slot.Escaped),
                JsonToken.Number or JsonToken.True or JsonToken.False or JsonToken.Null => DecodeString(text, escaped: false),
                _ => null,
            };
            if (value is not null)
            {
                values[key] = value;
            }
        }

        return new FilterMatch(true, values);
    }

    private static string DecodeString<T>(ReadOnlySpan<T> text, bool escaped)
        where T : unmanaged, IBinaryInteger<T>
    {
        using var buffer = new PooledBuffer<char>(stackalloc char[256], text.Length);
        var length = escaped ? JsonStrings.Decode(text, buffer.Span) : EventText.Decode(text, buffer.Span);
        return new string(buffer.Span[..length]);
    }

    /// <summary>Sets <c>leaves[i]</c> when <c>state[i]</c> has either bit set, a vector at a time.</summary>
    internal static void ToLeaves(ReadOnlySpan<byte> state, Span<bool> leaves)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var from = ref MemoryMarshal.GetReference(state);
            ref var to = ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(leaves[..state.Length]));
            for (; i + Vector256<byte>.Count <= state.Length; i += Vector256<byte>.Count)
            {
                Vector256.Min(Vector256.LoadUnsafe(ref from, (nuint)i), Vector256<byte>.One).StoreUnsafe(ref to, (nuint)i);
            }
        }

        for (; i < state.Length; i++)
        {
            leaves[i] = state[i] != 0;
        }
    }

    /// <summary>Evaluates <paramref name="condition"/> over leaf states (a leaf holds when either of its bits is set).</summary>
    internal static bool Evaluate(Condition condition, ReadOnlySpan<byte> state)
    {
        Span<bool> leaves = stackalloc bool[state.Length];
        ToLeaves(state, leaves);
        return condition.Evaluate(leaves);
    }

    /// <summary>
    /// Runs the tokenizer over the whole event, computing every leaf. Returns false when the event is not a valid
    /// JSON object (then nothing matches). <paramref name="state"/> and <paramref name="captures"/> must be all zero
    /// (default) on entry: a node's first visit relies on it.
    /// </summary>
    internal static bool Scan<T>(ReadOnlySpan<T> input, JsonPathTrie trie, Span<byte> state, Span<CaptureSlot> captures, int maxJsonDepth)
        where T : unmanaged, IBinaryInteger<T>
    {
        // perf: the scratch space is allocated here and the loop runs in ScanCore, a method without stackalloc. A
        // method with loops and stackalloc cannot be replaced on stack, so the runtime compiles it fully optimized at
        // once, without the profile that tiering gathers (for the block layout and the calls it guards). Measured on the
        // Zen 3, in-process, alternating builds: the JSON set of 100 patterns over the CloudTrail records 15.95-16.43
        // -> 15.35-15.80 ms by bests.
        var containerWords = (maxJsonDepth + 63) >> 6;
        var enteredWords = (trie.NodeCount + 63) >> 6;
        var frames = trie.MaxDepth + 2;
        Span<ulong> words = stackalloc ulong[containerWords + enteredWords];
        Span<int> ints = stackalloc int[(2 * trie.NodeCount) + (3 * frames)];
        Span<bool> frameIsObject = stackalloc bool[frames];
        return ScanCore(input, trie, state, captures, maxJsonDepth, words[..containerWords], words[containerWords..], ints, frameIsObject);
    }

    // Scan's loop, over zeroed scratch space: containerBits for the tokenizer, entered (a bit per trie node), and in
    // ints the active and target nodes (NodeCount each) and three per-frame arrays.
    private static bool ScanCore<T>(ReadOnlySpan<T> input, JsonPathTrie trie, Span<byte> state, Span<CaptureSlot> captures, int maxJsonDepth,
        Span<ulong> containerBits, Span<ulong> entered, Span<int> ints, Span<bool> frameIsObject)
        where T : unmanaged, IBinaryInteger<T>
    {
        var tokenizer = new JsonTokenizer<T>(input, containerBits, maxJsonDepth);
        if (tokenizer.Next() != JsonToken.StartObject)
        {
            return false;
        }

        var nodes = trie.Nodes;

        // The trie nodes that the open (tracked) containers correspond to: frame f holds active[start[f]..end[f]).
        // Each trie node sits at one depth, so the frames together never hold more than NodeCount entries.
        var nodeCount = trie.NodeCount;
        var frames = frameIsObject.Length;
        var active = ints[..nodeCount];
        var targets = ints.Slice(nodeCount, nodeCount);
        var frameStart = ints.Slice(2 * nodeCount, frames);
        var frameEnd = ints.Slice((2 * nodeCount) + frames, frames);
        var frameElement = ints.Slice((2 * nodeCount) + (2 * frames), frames);
        var frame = 0;
        active[0] = trie.Root.Id;
        frameEnd[0] = 1;
        frameIsObject[0] = true;
        var targetCount = 0;

        while (true)
        {
            JsonToken token;
            if (frameIsObject[frame])
            {
                // The walk returns the members whose names the node that takes this object may hold (its KeyFilter),
                // or every member when several nodes take it: then the loop below compares. perf: the filter is read
                // from the node, not copied per frame (a KeyFilter holds a reference: a stack of them was zeroed per
                // event).
                var from = frameStart[frame];
                var single = frameEnd[frame] - from == 1;
                token = tokenizer.NextMember(in single ? ref nodes[active[from]].KeyFilter : ref KeyFilter.All);
                if (token == JsonToken.PropertyName)
                {
                    targetCount = 0;
                    var key = tokenizer.TokenText;
                    var escaped = tokenizer.TokenEscaped;

                    // perf: the single node's filter found which of its children's names the key is: that child, no
                    // comparing again.
                    var named = tokenizer.NameIndex;
                    if (named >= 0 && single)
                    {
                        targets[targetCount++] = nodes[active[from]].PropertyChildren[named].Id;
                        from = frameEnd[frame];
                    }

                    for (var i = from; i < frameEnd[frame]; i++)
                    {
                        var node = nodes[active[i]];
                        foreach (var child in node.PropertyChildren)
                        {
                            // perf: a raw name of another length cannot be equal (KeyEquals is not inlined), unless decoding
                            // changes its length: escapes, or ill-formed units read as the U+FFFD the name holds.
                            var name = child.Name!;
                            if ((escaped || name.ContainsReplacementChar || key.Length == name.Length<T>()) && KeyEquals(key, escaped, name))
                            {
                                targets[targetCount++] = child.Id;
                                break;
                            }
                        }

                        if (node.AnyPropertyChild is { } any)
                        {
                            targets[targetCount++] = any.Id;
                        }
                    }

                    // The filter let through a name no selector takes (or one with escapes): skip its value.
                    if (targetCount == 0)
                    {
                        if (!tokenizer.SkipValue())
                        {
                            return false;
                        }

                        continue;
                    }

                    token = tokenizer.TakeValue();
                }
            }
            else
            {
                token = tokenizer.Next();
            }

            switch (token)
            {
                case JsonToken.Invalid:
                    return false;
                case JsonToken.EndObject or JsonToken.EndArray:
                    if (--frame < 0)
                    {
                        return tokenizer.Next() == JsonToken.EndOfDocument;
                    }

                    continue;
            }

            // A value: a member's (targets were found at its name) or an array element's (find them now).
            if (!frameIsObject[frame])
            {
                var index = frameElement[frame]++;
                targetCount = 0;
                for (var i = frameStart[frame]; i < frameEnd[frame]; i++)
                {
                    var node = nodes[active[i]];
                    foreach (var child in node.IndexChildren)
                    {
                        if (child.Step.Index == index)
                        {
                            targets[targetCount++] = child.Id;
                            break;
                        }
                    }

                    if (node.AnyIndexChild is { } any)
                    {
                        targets[targetCount++] = any.Id;
                    }
                }
            }

            var isContainer = token is JsonToken.StartObject or JsonToken.StartArray;
            var descend = false;
            for (var i = 0; i < targetCount; i++)
            {
                var node = nodes[targets[i]];

                // perf: until a node is first reached, nothing below it has been, so its leaves are all still zero:
                // entering resets nothing, and only leaves that hold need writing (a set's $.eventName node carries
                // a leaf per pattern).
                ref var word = ref entered[node.Id >> 6];
                var bit = 1UL << (node.Id & 63);
                var first = (word & bit) == 0;
                word |= bit;
                if (!first)
                {
                    Enter(node, state, captures);
                }

                Visit(node, token, ref tokenizer, state, captures, first);
                descend |= node.HasChildren;
            }

            if (!isContainer)
            {
                continue;
            }

            if (!descend)
            {
                if (!tokenizer.SkipContainer())
                {
                    return false;
                }

                continue;
            }

            var start = frameEnd[frame];
            frame++;
            frameStart[frame] = start;
            frameEnd[frame] = start + targetCount;
            frameElement[frame] = 0;
            frameIsObject[frame] = token == JsonToken.StartObject;
            targets[..targetCount].CopyTo(active[start..]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Enter(JsonPathNode node, Span<byte> state, Span<CaptureSlot> captures)
    {
        foreach (var (leaf, action) in node.OnEnter)
        {
            ref var bits = ref state[leaf];
            switch (action)
            {
                case EnterAction.ResetAll:
                    bits = 0;
                    if (!captures.IsEmpty)
                    {
                        captures[leaf] = default;
                    }

                    break;
                case EnterAction.ResetCurrent:
                    bits &= unchecked((byte)~Current);
                    break;
                default:
                    bits = bits != 0 ? Earlier : (byte)0;
                    break;
            }
        }
    }

    private static void Visit<T>(JsonPathNode node, JsonToken token, ref JsonTokenizer<T> tokenizer, Span<byte> state, Span<CaptureSlot> captures, bool first)
        where T : unmanaged, IBinaryInteger<T>
    {
        foreach (var leaf in node.Terminal)
        {
            bool result;
            switch (leaf.Kind)
            {
                case JsonLeafKind.Capture:
                    if (!captures.IsEmpty)
                    {
                        captures[leaf.Index] = new CaptureSlot(token, tokenizer.TokenStart, tokenizer.TokenLength, tokenizer.TokenEscaped);
                    }

                    continue;
                case JsonLeafKind.Exists:
                    result = true;
                    break;
                case JsonLeafKind.IsTrue:
                    result = token == JsonToken.True;
                    break;
                case JsonLeafKind.IsFalse:
                    result = token == JsonToken.False;
                    break;
                case JsonLeafKind.IsNull:
                    result = token == JsonToken.Null;
                    break;
                default:
                    result = token is JsonToken.String or JsonToken.Number &&
                             leaf.Test!.Test(tokenizer.TokenText, token == JsonToken.String && tokenizer.TokenEscaped);
                    break;
            }

            ref var bits = ref state[leaf.Index];
            bits = (byte)((bits & Earlier) | (result ? Current : 0));
        }

        if (node.Prefixes is { } prefixes)
        {
            var value = token is JsonToken.String or JsonToken.Number;
            var escaped = token == JsonToken.String && tokenizer.TokenEscaped;
            if (first && !escaped)
            {
                if (value)
                {
                    prefixes.MarkHolding(tokenizer.TokenText, state, Current);
                }
            }
            else
            {
                foreach (var leaf in prefixes.Leaves)
                {
                    ref var bits = ref state[leaf.Index];
                    bits = (byte)((bits & Earlier) | (value && leaf.Test!.Test(tokenizer.TokenText, escaped) ? Current : 0));
                }
            }
        }

        if (node.Equalities is { } group)
        {
            var id = token is JsonToken.String or JsonToken.Number
                ? group.Find(tokenizer.TokenText, token == JsonToken.String && tokenizer.TokenEscaped)
                : -1;
            if (first)
            {
                // Every grouped leaf is still zero: only the found literal's leaves change.
                foreach (var leaf in group.LeavesOf(id))
                {
                    state[leaf] = Current;
                }

                return;
            }

            foreach (var (leaf, literal) in group.Leaves)
            {
                ref var bits = ref state[leaf];
                bits = (byte)((bits & Earlier) | (literal == id ? Current : 0));
            }
        }
    }

    private static bool KeyEquals<T>(ReadOnlySpan<T> key, bool escaped, Literal name)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!escaped && !name.ContainsReplacementChar)
        {
            return key.SequenceEqual(name.Get<T>());
        }

        using var buffer = new PooledBuffer<char>(stackalloc char[256], key.Length);
        var length = escaped ? JsonStrings.Decode(key, buffer.Span) : EventText.Decode(key, buffer.Span);
        return buffer.Span[..length].SequenceEqual(name.Utf16);
    }

    /// <summary>What a capture leaf saw last: the token and where its text is.</summary>
    internal readonly record struct CaptureSlot(JsonToken Token, int Start, int Length, bool Escaped);
}

/// <summary>What extraction needs: the condition's selectors plus one capture leaf per extracted selector, and the
/// extraction keys (canonical selector text) with their capture leaves.</summary>
internal sealed record JsonExtraction(JsonPathTrie Trie, (string Key, int Leaf)[] Captures);
