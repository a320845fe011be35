using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FilterPatterns.Matching.Json;

/// <summary>
/// The structural positions of JSON text, 64 units at a time (the classification step of simdjson, Langdale and
/// Lemire, "Parsing Gigabytes of JSON per Second", 2019): from one vector pass over a block, bit masks tell where the
/// strings are, and every position the grammar has to look at comes out as a set bit: the brackets, colons and
/// commas outside strings, every string's opening quote and the first unit of every other token (a number or
/// literal, or a stray unit that makes the text invalid). What lies between two structural positions is whitespace,
/// string content and its closing quote, or the rest of a number or literal, so a string of any length costs a bit,
/// not a scan. The step also validates what the grammar walk then never looks at: no control character inside a
/// string, every backslash escape well-formed.
/// </summary>
/// <remarks>
/// A run starts at a position outside any string (a token boundary) with zero carries. Its classification is exact
/// for any text that is valid JSON from there; on invalid text it may report an error further on than the first
/// defect, or find none that the grammar walk then finds. Either way the text is invalid, which is all a caller that
/// validates the whole event needs to know.
/// </remarks>
internal static class JsonStructurals
{
    /// <summary>Units a block covers.</summary>
    public const int BlockSize = 64;

    /// <summary>Whether the machine has what a block's classification uses: AVX2 (or wider) and carry-less multiply.</summary>
    public static bool IsSupported => Avx2.IsSupported && Pclmulqdq.IsSupported;

    /// <summary>Test hook: whether <see cref="JsonTokenizer{T}"/> skips through structural positions.</summary>
    internal static bool Enabled { get; set; } = IsSupported;

    /// <summary>Test hook: whether blocks are classified with 512-bit vectors where those are accelerated.</summary>
    internal static bool UseVector512 { get; set; } = Vector512.IsHardwareAccelerated && Avx512BW.IsSupported;

    /// <summary>What a block passes to the next: inside a string, first unit escaped, last unit part of a token.</summary>
    public struct Carry
    {
        public ulong InString;
        public ulong Escaped;
        public ulong InScalar;

        /// <summary>Whether any block so far held a backslash (names then need a look for escapes).</summary>
        public bool Backslashes;
    }

    /// <summary>
    /// The structural positions of the block at <paramref name="at"/> (up to 64 units; past the text's end the block
    /// reads as spaces) as bits, bit i for position at + i. Returns false when the block shows the text invalid.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Classify<T>(ReadOnlySpan<T> text, int at, ref Carry carry, out ulong structurals)
        where T : unmanaged, IBinaryInteger<T>
    {
        ref var start = ref MemoryMarshal.GetReference(text);
        var rest = text.Length - at;
        var masks = rest >= BlockSize ? Load(ref Unsafe.Add(ref start, at))
            : text.Length >= BlockSize ? LastBlock(Load(ref Unsafe.Add(ref start, text.Length - BlockSize)), rest)
            : LoadTail(text[at..]);
        return Resolve(text, at, masks, ref carry, out structurals);
    }

    // The last block of a text of a block or more, from the masks of the text's last BlockSize units: the masks moved
    // down to the block's start, and the units past the end read as spaces (non-scalar, nothing else). perf: no copy
    // to a stack buffer (LoadTail), which every event pays once.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks LastBlock(Masks masks, int rest)
    {
        var shift = BlockSize - rest;
        masks.Quote >>= shift;
        masks.Backslash >>= shift;
        masks.Control >>= shift;
        masks.Operator >>= shift;
        masks.NonScalar = (masks.NonScalar >> shift) | (ulong.MaxValue << rest);
        return masks;
    }

    /// <summary>
    /// Classifies the blocks from <paramref name="at"/> on, as <see cref="Classify{T}"/> does one, into
    /// <paramref name="blocks"/> (those with structural positions), until it is full or the text ends. Returns how many
    /// it filled; <paramref name="at"/> is then the next block's start, or <see cref="int.MaxValue"/> where a block
    /// showed the text invalid.
    /// </summary>
    /// <remarks>
    /// perf: on the 256-bit path, the loop keeps the lookup tables and other constants and the carries in registers
    /// for all its blocks (a call of <see cref="Classify{T}"/> per block reloads them), and looks for backslashes and
    /// control characters with one minimum for both halves.
    /// </remarks>
    public static int ClassifyBlocks<T>(ReadOnlySpan<T> text, ref int at, ref Carry carry, Span<StructuralBlock> blocks)
        where T : unmanaged, IBinaryInteger<T>
    {
        var count = 0;
        var next = at;
        while (!(Avx512BW.IsSupported && UseVector512))
        {
            // perf: the loop calls nothing, so that the constants and carries stay in registers (the ABI keeps no
            // vector register across a call); a block with a backslash or a control character, or one that starts
            // escaped, leaves it for the general path below (Classify), and the loop starts again after it.
            var whitespace = s_whitespace.GetLower();
            var operators = s_operators.GetLower();
            var backslashes = Vector256.Create((byte)'\\');
            var lastControl = Vector256.Create((byte)0x1F);
            var inString = carry.InString;
            var inScalar = carry.InScalar;
            var special = carry.Escaped != 0;
            ref var start = ref MemoryMarshal.GetReference(text);
            while (!special && text.Length - next >= BlockSize && count < blocks.Length)
            {
                var (low, high) = Load256(ref Unsafe.Add(ref start, next));

                // A unit is a control character when the smaller of the two halves' units there is at most 0x1F.
                var least = Vector256.Min(low, high);
                if ((Vector256.Equals(low, backslashes) | Vector256.Equals(high, backslashes) | Vector256.Equals(Vector256.Min(least, lastControl), least)) != Vector256<byte>.Zero)
                {
                    special = true;
                    break;
                }

                var masks = Split256(low, high, whitespace, operators);
                var bits = Structurals(masks, masks.Quote, InStrings(masks.Quote, ref inString), ref inScalar);
                if (bits != 0)
                {
                    blocks[count++] = new StructuralBlock(bits, next);
                }

                next += BlockSize;
            }

            carry.InString = inString;
            carry.InScalar = inScalar;
            if (!special || text.Length - next < BlockSize || count == blocks.Length)
            {
                break;
            }

            if (!Classify(text, next, ref carry, out var specialBits))
            {
                at = int.MaxValue;
                return count;
            }

            if (specialBits != 0)
            {
                blocks[count++] = new StructuralBlock(specialBits, next);
            }

            next += BlockSize;
        }

        // The last, partial block (or every block where 512-bit vectors are used).
        while (next < text.Length && count < blocks.Length)
        {
            if (!Classify(text, next, ref carry, out var bits))
            {
                next = int.MaxValue;
                break;
            }

            if (bits != 0)
            {
                blocks[count++] = new StructuralBlock(bits, next);
            }

            next += BlockSize;
        }

        at = next;
        return count;
    }

    // A block's 64 units as bytes, for the 256-bit path: UTF-16 chars at or above U+0080 become 0x80 (string content or
    // a stray unit, like any non-ASCII byte).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<byte> Low, Vector256<byte> High) Load256<T>(ref T start)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
        {
            ref var bytes = ref Unsafe.As<T, byte>(ref start);
            return (Vector256.LoadUnsafe(ref bytes), Vector256.LoadUnsafe(ref bytes, 32));
        }

        ref var chars = ref Unsafe.As<T, ushort>(ref start);
        var top = Vector256.Create((ushort)0x80);
        return (
            Vector256.Narrow(Vector256.Min(Vector256.LoadUnsafe(ref chars), top), Vector256.Min(Vector256.LoadUnsafe(ref chars, 16), top)),
            Vector256.Narrow(Vector256.Min(Vector256.LoadUnsafe(ref chars, 32), top), Vector256.Min(Vector256.LoadUnsafe(ref chars, 48), top)));
    }

    // The last block of a text shorter than a block: the rest of the text, then spaces (whitespace: no structural, no
    // error). perf: out of line, so that the full blocks' path has no stack buffer to guard.
    [MethodImpl(MethodImplOptions.NoInlining)]
    [SkipLocalsInit]
    private static Masks LoadTail<T>(ReadOnlySpan<T> rest)
        where T : unmanaged, IBinaryInteger<T>
    {
        Span<T> tail = stackalloc T[BlockSize];
        tail.Fill(T.CreateTruncating(' '));
        rest.CopyTo(tail);
        return Load(ref MemoryMarshal.GetReference(tail));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Resolve<T>(ReadOnlySpan<T> text, int at, in Masks masks, ref Carry carry, out ulong structurals)
        where T : unmanaged, IBinaryInteger<T>
    {
        structurals = 0;
        var escaped = carry.Escaped;
        var backslash = masks.Backslash;
        if ((backslash | escaped) != 0)
        {
            carry.Backslashes |= backslash != 0;
            escaped = EscapedUnits(backslash, ref carry.Escaped);
        }

        var quotes = masks.Quote & ~escaped;
        var inString = InStrings(quotes, ref carry.InString);

        // Inside strings: no control character (tab, CR and LF included), and every escape one of RFC 8259's (an
        // escaped quote or backslash, the commonest, needs no look).
        var otherEscapes = escaped & inString & ~(masks.Quote | masks.Backslash);
        if ((masks.Control & inString) != 0 || (otherEscapes != 0 && !EscapesValid(text, at, otherEscapes)))
        {
            return false;
        }

        structurals = Structurals(masks, quotes, inString, ref carry.InScalar);
        return true;
    }

    // The units inside strings (from an opening quote up to, not including, its closing one), given the block's
    // unescaped quotes and whether the block starts inside a string (all ones or zero; updated for the next block).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong InStrings(ulong quotes, ref ulong inStringCarry)
    {
        var inside = PrefixXor(quotes) ^ inStringCarry;
        inStringCarry = (ulong)((long)inside >> 63);
        return inside;
    }

    // The structural positions: operators outside strings, opening quotes, and the first unit of every other token
    // (inScalar: whether the last block ended inside one, updated).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Structurals(in Masks masks, ulong quotes, ulong inString, ref ulong inScalar)
    {
        var scalar = ~(masks.NonScalar | inString);
        var starts = scalar & ~((scalar << 1) | inScalar);
        inScalar = scalar >> 63;
        return (masks.Operator & ~inString) | (quotes & inString) | starts;
    }

    // On the 256-bit path, Backslash and Control are left zero when the block has neither (see Classify256).
    private struct Masks
    {
        public ulong Quote;
        public ulong Backslash;
        public ulong Control;
        public ulong Operator;

        // Operators, whitespace and quotes: the units no scalar token holds.
        public ulong NonScalar;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks Load<T>(ref T start)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (Avx512BW.IsSupported && UseVector512)
        {
            if (typeof(T) == typeof(byte))
            {
                return Classify512(Vector512.LoadUnsafe(ref Unsafe.As<T, byte>(ref start)));
            }

            // UTF-16: chars at or above U+0080 become 0x80 (string content or a stray unit, like any non-ASCII byte).
            ref var chars = ref Unsafe.As<T, ushort>(ref start);
            var limit = Vector512.Create((ushort)0x80);
            return Classify512(Vector512.Narrow(Vector512.Min(Vector512.LoadUnsafe(ref chars), limit), Vector512.Min(Vector512.LoadUnsafe(ref chars, 32), limit)));
        }

        var (low, high) = Load256(ref start);
        return Classify256(low, high);
    }

    // Whitespace and operators by one nibble lookup each (after simdjson): the four whitespace bytes have distinct low
    // nibbles, so a byte is whitespace when the entry at its low nibble is the byte itself (vpshufb gives 0 for bytes
    // at or above 0x80, never equal). '{' 0x7B and '[' 0x5B, '}' 0x7D and ']' 0x5D differ in bit 5 only: with bit 5
    // or-ed in, the six operators have four low nibbles, each with one entry. (0x0C and 0x1A, controls, fold onto ','
    // and ':' too: outside strings they then are structural, and the walk, reading the unit, rejects them.)
    private static readonly Vector512<byte> s_whitespace = Repeat(Vector128.Create((byte)0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0x09, 0x0A, 0, 0, 0x0D, 0, 0));

    private static readonly Vector512<byte> s_operators = Repeat(Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x3A, 0x7B, 0x2C, 0x7D, 0, 0));

    private static Vector512<byte> Repeat(Vector128<byte> lane) => Vector512.Create(Vector256.Create(lane, lane), Vector256.Create(lane, lane));

    // perf: a mask is one vpmovmskb per 32 units on AVX2, the costliest step of the block: whitespace goes into the
    // non-scalar mask before its extraction (Resolve needs it only there), and backslashes and control characters,
    // which most blocks lack, are extracted only when one of the two halves holds either (one vptest).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks Classify256(Vector256<byte> low, Vector256<byte> high)
    {
        var masks = Split256(low, high, s_whitespace.GetLower(), s_operators.GetLower());
        var backslash = Vector256.Create((byte)'\\');
        var space = Vector256.Create((byte)0x20);
        var backslashLow = Vector256.Equals(low, backslash);
        var backslashHigh = Vector256.Equals(high, backslash);
        var controlLow = Vector256.LessThan(low, space);
        var controlHigh = Vector256.LessThan(high, space);
        if ((backslashLow | backslashHigh | controlLow | controlHigh) != Vector256<byte>.Zero)
        {
            masks.Backslash = Join(backslashLow, backslashHigh);
            masks.Control = Join(controlLow, controlHigh);
        }

        return masks;
    }

    // A block's quotes, operators and non-scalar units on the 256-bit path (Backslash and Control left zero). The two
    // tables are passed in, so that a loop over blocks keeps them in registers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks Split256(Vector256<byte> low, Vector256<byte> high, Vector256<byte> whitespace, Vector256<byte> operators)
    {
        var quote = Vector256.Create((byte)'"');
        var bit5 = Vector256.Create((byte)0x20);
        var quoteLow = Vector256.Equals(low, quote);
        var quoteHigh = Vector256.Equals(high, quote);
        var operatorLow = Vector256.Equals(Avx2.Shuffle(operators, low), low | bit5);
        var operatorHigh = Vector256.Equals(Avx2.Shuffle(operators, high), high | bit5);
        var nonScalarLow = operatorLow | quoteLow | Vector256.Equals(Avx2.Shuffle(whitespace, low), low);
        var nonScalarHigh = operatorHigh | quoteHigh | Vector256.Equals(Avx2.Shuffle(whitespace, high), high);
        return new Masks
        {
            Quote = Join(quoteLow, quoteHigh),
            Operator = Join(operatorLow, operatorHigh),
            NonScalar = Join(nonScalarLow, nonScalarHigh),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Join(Vector256<byte> lowHalf, Vector256<byte> highHalf) =>
        lowHalf.ExtractMostSignificantBits() | ((ulong)highHalf.ExtractMostSignificantBits() << 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks Classify512(Vector512<byte> v)
    {
        var quote = Vector512.Equals(v, Vector512.Create((byte)'"'));
        var operators = Vector512.Equals(Avx512BW.Shuffle(s_operators, v), v | Vector512.Create((byte)0x20));
        return new Masks
        {
            Quote = quote.ExtractMostSignificantBits(),
            Backslash = Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits(),
            Control = Vector512.LessThan(v, Vector512.Create((byte)0x20)).ExtractMostSignificantBits(),
            Operator = operators.ExtractMostSignificantBits(),
            NonScalar = (operators | quote | Vector512.Equals(Avx512BW.Shuffle(s_whitespace, v), v)).ExtractMostSignificantBits(),
        };
    }

    // The units that end a run of backslashes of odd length (escaped by its last one), and unit 0 when the last block
    // ended in such a run (carry, 0 or 1; updated). Branch-free: a carry added at a run's first backslash propagates to
    // the unit after it, and the run is odd when that unit's position has the other parity than the start's. (A
    // backslash inside a run is escaped too, but is always a valid escape and never a quote: neither use needs it.)
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EscapedUnits(ulong backslash, ref ulong carry)
    {
        const ulong Even = 0x5555_5555_5555_5555;
        var first = carry;
        var runs = backslash & ~first;
        var starts = runs & ~(runs << 1);
        var fromOdd = runs + (starts & ~Even);
        carry = fromOdd < runs ? 1UL : 0;
        return ((runs + (starts & Even)) & ~runs & ~Even) | (fromOdd & ~runs & Even) | first;
    }

    // Bit i of the result is the parity of bits 0..i: set from an opening quote up to (not including) its closing one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PrefixXor(ulong quotes) =>
        Pclmulqdq.CarrylessMultiply(Vector128.CreateScalarUnsafe(quotes), Vector128.Create(ulong.MaxValue), 0).ToScalar();

    // Each escaped unit inside a string: one of " \ / b f n r t, or u and four hex digits (which may lie past the block).
    private static bool EscapesValid<T>(ReadOnlySpan<T> text, int at, ulong escaped)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (escaped != 0)
        {
            var p = at + BitOperations.TrailingZeroCount(escaped);
            escaped &= escaped - 1;
            if (p >= text.Length)
            {
                return false;
            }

            var e = uint.CreateTruncating(text[p]);
            if (e is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
            {
                continue;
            }

            if (e != 'u' || p + 5 > text.Length || !IsHex(text[p + 1]) || !IsHex(text[p + 2]) || !IsHex(text[p + 3]) || !IsHex(text[p + 4]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex<T>(T unit)
        where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(unit) switch
        {
            >= '0' and <= '9' => true,
            >= 'a' and <= 'f' => true,
            >= 'A' and <= 'F' => true,
            _ => false,
        };
}
