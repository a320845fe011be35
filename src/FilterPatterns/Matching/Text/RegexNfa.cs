using FilterPatterns.Syntax.Regex;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// An AWS regular expression as a nondeterministic automaton whose states are <em>points</em>: the places between the
/// items of a branch, once every repetition is written out (<c>x{2,4}</c> is <c>x x x? x?</c>, <c>x{2,}</c> is
/// <c>x x+</c>, <c>x*</c> one looping optional item) and each anchor is an item of its own. Point <c>p</c> means "the
/// items before <c>p</c> have matched, item <c>p</c> is next"; the point after a branch's last item is its final
/// point. A set of points is a bitset, and one step of the search is a handful of word operations per 64 points:
/// <list type="bullet">
/// <item>consume: every point whose item takes the symbol moves to the next point (a shift by one), and a looping
/// item's point also stays;</item>
/// <item>re-inject: the first point of every branch joins (the search is unanchored);</item>
/// <item>close: a point before an item that may be skipped (optional, or an anchor that holds here) reaches the next
/// one. Skips only go forward, so the closure of a run of skippable items is one addition, whose carry runs through
/// the run: <c>set | ((skip + (set &amp; skip)) ^ skip)</c>;</item>
/// <item>prune: points that can no longer reach a final point (before a <c>^</c>, once past offset 0) are dropped, so
/// sets stay small and an expression that cannot match any more is seen to be dead.</item>
/// </list>
/// <c>^</c> is skippable only at offset 0 and <c>$</c> only at the end of the event, which is exactly AWS's meaning
/// wherever they stand in a branch (<c>%a$b%</c> never matches, <c>%x*^y%</c> matches <c>y…</c>).
/// The automaton is immutable once built, except for its per-class consume masks, which are built on first use
/// (a class the events never show costs nothing) and published without locks.
/// </summary>
internal sealed class RegexNfa
{
    /// <summary>
    /// Most character positions an expression may have once its repetitions are written out (<c>x{m,n}</c> counts n,
    /// <c>x{m,}</c> counts m, at least 1; anchors count nothing). Past it the expression is refused as too complex: a
    /// step costs a few operations per 64 points, and the lazily built DFA's states hold a bitset of points each.
    /// </summary>
    public const int MaxPositions = 10_000;

    // Masks, Words ulongs each, in this order in _masks.
    private const int InitialMask = 0;
    private const int FinalMask = 1;
    private const int LiveMask = 2;
    private const int LoopMask = 3;
    private const int SkipMask = 4;
    private const int SkipAtStartMask = 5;
    private const int SkipAtEndMask = 6;
    private const int SkipAtBothMask = 7;
    private const int MaskCount = 8;

    private readonly CharSet[] _sets;
    private readonly Segment[] _segments;
    private readonly ulong[] _masks;
    private readonly ulong[]?[] _consume;

    private RegexNfa(RegexAlphabet alphabet, CharSet[] sets, Segment[] segments, int words, ulong[] masks)
    {
        Alphabet = alphabet;
        _sets = sets;
        _segments = segments;
        Words = words;
        _masks = masks;
        _consume = new ulong[alphabet.Count][];
    }

    public RegexAlphabet Alphabet { get; }

    /// <summary>The number of 64-bit words in a set of points.</summary>
    public int Words { get; }

    /// <summary>
    /// Builds the automaton of <paramref name="tree"/>, or returns null when it has more than
    /// <see cref="MaxPositions"/> positions.
    /// </summary>
    public static RegexNfa? TryCreate(RegexTree tree)
    {
        var positions = 0;
        var points = 0;
        var pieces = 0;
        foreach (var branch in tree.Branches)
        {
            foreach (var piece in branch)
            {
                var copies = Copies(piece);
                positions += copies;
                points += piece.Kind == RegexAtomKind.Set ? copies : 1;
                pieces += copies > 0 ? 1 : 0;
            }

            points++; // the branch's final point
        }

        if (positions > MaxPositions)
        {
            return null;
        }

        // perf: compiling a 1024-character pattern must take well under 100 µs; one segment per piece (not per copy,
        // nor per kind of copy) and each distinct set once keep this to a few small arrays.
        var words = (points + 63) / 64;
        var masks = new ulong[MaskCount * words];
        var segments = new Segment[pieces];
        var segmentCount = 0;
        var sets = new List<CharSet>();
        var setIndex = new Dictionary<CharSet, int>();
        var point = 0;
        foreach (var branch in tree.Branches)
        {
            var liveFrom = point;
            Set(masks, InitialMask, words, point);
            foreach (var piece in branch)
            {
                switch (piece.Kind)
                {
                    case RegexAtomKind.Start:
                        Set(masks, SkipAtStartMask, words, point);
                        Set(masks, SkipAtBothMask, words, point);
                        liveFrom = point + 1; // once past offset 0, nothing before a '^' can still match
                        point++;
                        continue;
                    case RegexAtomKind.End:
                        Set(masks, SkipAtEndMask, words, point);
                        Set(masks, SkipAtBothMask, words, point);
                        point++;
                        continue;
                }

                var copies = Copies(piece);
                if (copies == 0)
                {
                    continue;
                }

                if (!setIndex.TryGetValue(piece.Set, out var set))
                {
                    set = sets.Count;
                    setIndex.Add(piece.Set, set);
                    sets.Add(piece.Set);
                }

                if (segmentCount > 0 && segments[segmentCount - 1] is var last && last.Set == set && last.Start + last.Count == point)
                {
                    // \d\d{1,3}: consecutive pieces of one set take the same symbols; one segment serves them.
                    segments[segmentCount - 1] = last with { Count = last.Count + copies };
                }
                else
                {
                    segments[segmentCount++] = new Segment(point, copies, set);
                }

                // x{m,n}: m plain copies, then n - m optional ones; x{m,}: m - 1 plain, then one looping (x* loops and
                // is optional).
                var plain = piece.Max == RegexPiece.Unbounded ? Math.Max(piece.Min - 1, 0) : piece.Min;
                if (piece.Max == RegexPiece.Unbounded)
                {
                    SetRange(masks.AsSpan(LoopMask * words, words), point + plain, 1);
                }

                if (piece.Min == 0 || piece.Max > piece.Min)
                {
                    SetRange(masks.AsSpan(SkipMask * words, words), point + plain, copies - plain);
                }

                point += copies;
            }

            Set(masks, FinalMask, words, point);
            SetRange(masks.AsSpan(LiveMask * words, words), liveFrom, point - liveFrom + 1);
            point++;
        }

        System.Diagnostics.Debug.Assert(point == points, "the two passes count the same points");
        for (var w = 0; w < words; w++)
        {
            // Optional items are skippable everywhere; anchors only where they hold.
            var skip = masks[(SkipMask * words) + w];
            masks[(SkipAtStartMask * words) + w] |= skip;
            masks[(SkipAtEndMask * words) + w] |= skip;
            masks[(SkipAtBothMask * words) + w] |= skip;
        }

        Array.Resize(ref segments, segmentCount);
        return new RegexNfa(RegexAlphabet.Create(sets), [.. sets], segments, words, masks);
    }

    /// <summary>The character positions <paramref name="piece"/> writes out; 0 for an anchor.</summary>
    private static int Copies(RegexPiece piece) =>
        piece.Kind != RegexAtomKind.Set ? 0 : piece.Max == RegexPiece.Unbounded ? Math.Max(piece.Min, 1) : piece.Max;

    /// <summary>Writes the set of points the search starts from at offset 0 of a non-empty event.</summary>
    public void Start(Span<ulong> set) => Initial(set, SkipAtStartMask);

    /// <summary>Writes the set the search re-enters at every later offset (the closure of the branches' first points).</summary>
    public void Restart(Span<ulong> set) => Initial(set, SkipMask);

    /// <summary>Whether the empty event matches (there, both anchors hold).</summary>
    public bool MatchesEmpty()
    {
        Span<ulong> set = stackalloc ulong[Words];
        Initial(set, SkipAtBothMask);
        return IsAccepting(set);
    }

    private void Initial(Span<ulong> set, int skip)
    {
        Mask(InitialMask).CopyTo(set);
        Close(set, Mask(skip));
        And(set, Mask(LiveMask));
    }

    /// <summary>
    /// One step of the unanchored search past offset 0: the points of <paramref name="from"/> consume a symbol of
    /// class <paramref name="symbolClass"/>, the branches start again, and the result is closed and pruned.
    /// </summary>
    public void Step(ReadOnlySpan<ulong> from, int symbolClass, Span<ulong> to)
    {
        var consume = Consume(symbolClass);
        var loop = Mask(LoopMask);
        var initial = Mask(InitialMask);
        ulong carry = 0;
        for (var w = 0; w < to.Length; w++)
        {
            var moved = from[w] & consume[w];
            to[w] = (moved << 1) | carry | (moved & loop[w]) | initial[w];
            carry = moved >> 63;
        }

        Close(to, Mask(SkipMask));
        And(to, Mask(LiveMask));
    }

    /// <summary>Whether <paramref name="set"/> holds a final point: a match ends here.</summary>
    public bool IsAccepting(ReadOnlySpan<ulong> set)
    {
        var final = Mask(FinalMask);
        for (var w = 0; w < set.Length; w++)
        {
            if ((set[w] & final[w]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="set"/>, at the end of a non-empty event, reaches a final point (through <c>$</c>).</summary>
    public bool AcceptsAtEnd(ReadOnlySpan<ulong> set)
    {
        var skip = Mask(SkipAtEndMask);
        var final = Mask(FinalMask);
        ulong carry = 0;
        for (var w = 0; w < set.Length; w++)
        {
            var closed = set[w] | Propagate(set[w], skip[w], ref carry);
            if ((closed & final[w]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The characters that can move the search on from <paramref name="restart"/> (a superset is fine).</summary>
    public CharSet FirstCharacters(ReadOnlySpan<ulong> restart)
    {
        var first = CharSet.Empty;
        foreach (var segment in _segments)
        {
            if (AnyInRange(restart, segment.Start, segment.Count))
            {
                first = first.Union(_sets[segment.Set]);
            }
        }

        return first;
    }

    private ReadOnlySpan<ulong> Mask(int index) => _masks.AsSpan(index * Words, Words);

    /// <summary>The points whose item takes a symbol of class <paramref name="symbolClass"/>; built on first use.</summary>
    private ulong[] Consume(int symbolClass)
    {
        var mask = Volatile.Read(ref _consume[symbolClass]);
        if (mask is not null)
        {
            return mask;
        }

        mask = new ulong[Words];
        foreach (var segment in _segments)
        {
            if (Alphabet.ClassIn(symbolClass, _sets[segment.Set]))
            {
                SetRange(mask, segment.Start, segment.Count);
            }
        }

        // Two threads may build the same mask; one wins and both use it.
        return Interlocked.CompareExchange(ref _consume[symbolClass], mask, null) ?? mask;
    }

    private static void Close(Span<ulong> set, ReadOnlySpan<ulong> skip)
    {
        ulong carry = 0;
        for (var w = 0; w < set.Length; w++)
        {
            set[w] |= Propagate(set[w], skip[w], ref carry);
        }
    }

    /// <summary>
    /// The points reached from <paramref name="set"/> through runs of skippable items, for one word: adding the set's
    /// skippable points to the skip mask carries through each run and stops just past it; XOR shows the bits it
    /// crossed. Within a run the sum stays below twice the run plus one, so a carry only leaves a run that ends at the
    /// word's top bit, and goes on in the next word.
    /// </summary>
    private static ulong Propagate(ulong set, ulong skip, ref ulong carry)
    {
        var partial = skip + (set & skip);
        var overflow = partial < skip ? 1UL : 0UL;
        var sum = partial + carry;
        overflow |= sum < partial ? 1UL : 0UL;
        carry = overflow;
        return sum ^ skip;
    }

    private static void And(Span<ulong> set, ReadOnlySpan<ulong> mask)
    {
        for (var w = 0; w < set.Length; w++)
        {
            set[w] &= mask[w];
        }
    }

    private static void Set(ulong[] masks, int mask, int words, int point) =>
        masks[(mask * words) + (point >> 6)] |= 1UL << point;

    private static void SetRange(Span<ulong> bits, int start, int count)
    {
        for (var p = start; p < start + count;)
        {
            var offset = p & 63;
            var take = Math.Min(64 - offset, start + count - p);
            bits[p >> 6] |= (take == 64 ? ulong.MaxValue : (1UL << take) - 1) << offset;
            p += take;
        }
    }

    private static bool AnyInRange(ReadOnlySpan<ulong> bits, int start, int count)
    {
        for (var p = start; p < start + count;)
        {
            var offset = p & 63;
            var take = Math.Min(64 - offset, start + count - p);
            if ((bits[p >> 6] & ((take == 64 ? ulong.MaxValue : (1UL << take) - 1) << offset)) != 0)
            {
                return true;
            }

            p += take;
        }

        return false;
    }

    /// <summary>A run of consecutive points whose items take the characters of one set (an index into <c>_sets</c>).</summary>
    private readonly record struct Segment(int Start, int Count, int Set);
}
