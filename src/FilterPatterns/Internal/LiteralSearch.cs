using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace FilterPatterns.Internal;

/// <summary>
/// Finds one literal in an event: a vectorized "packed pair" search. Two positions of the literal, chosen at compile
/// time as its rarest units in log text (<see cref="ByteFrequency"/>), are compared 32 (UTF-8) or 16 (UTF-16)
/// candidate starts at a time; only starts where both match are verified in full.
/// </summary>
/// <remarks>
/// perf: the runtime's <c>IndexOf</c> anchors on the first and last units, whatever they are, and on hardware with
/// AVX-512 takes a 512-bit path whose set-up dominates on events of a few hundred bytes. Measured on loghub lines
/// (~125 B) on an AVX-512 EPYC: <c>IndexOf("ERROR"u8)</c> 14.4 ns an event, this search 6.5–7.5 ns; with AVX-512 off,
/// 8.9 and 8.1 ns. Candidate verification is rare once the pair is rare, so the loop is two loads, two compares and a
/// test per 32 starts. Where 512-bit vectors are accelerated and the text has 64 starts or more, blocks are 64 starts:
/// two blocks for a 125-byte line instead of three or four (BenchmarkDotNet on the same machine: <c>ERROR</c> over text
/// logs 229 to 139–185 µs, "authentication failure" 183–304 to 145–177 µs for 20,000 events, runs being noisy).
/// </remarks>
internal readonly struct LiteralSearch
{
    private readonly byte[] _utf8;
    private readonly string _utf16;
    private readonly int _first8;
    private readonly int _second8;
    private readonly int _first16;
    private readonly int _second16;

    /// <summary>Whether 512-bit blocks are used where the text has room for one (a test hook: off exercises the 256-bit loop).</summary>
    internal static bool UseVector512 { get; set; } = Vector512.IsHardwareAccelerated;

    public LiteralSearch(byte[] utf8, string utf16)
    {
        _utf8 = utf8;
        _utf16 = utf16;
        (_first8, _second8) = RarePair<byte>(utf8);
        (_first16, _second16) = RarePair<char>(utf16);
    }

    /// <summary>The offset of the first occurrence in <paramref name="text"/>, or -1 (0 for an empty literal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexIn<T>(ReadOnlySpan<T> text)
        where T : unmanaged =>
        typeof(T) == typeof(byte)
            ? IndexOf(MemoryMarshal.Cast<T, byte>(text), _utf8, _first8, _second8)
            : IndexOf(MemoryMarshal.Cast<T, ushort>(text), MemoryMarshal.Cast<char, ushort>(_utf16.AsSpan()), _first16, _second16);

    /// <summary>
    /// The offset of the first occurrence of the literal or of a JSON escape that could spell one of its characters
    /// (<c>\u</c>, or <c>\/</c> when <paramref name="slash"/>), whichever comes first; or -1. The literal must not
    /// contain a backslash. One pass: a JSON pre-check needs both answers for every event it rejects.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexOfLiteralOrEscapeIn<T>(ReadOnlySpan<T> text, bool slash)
        where T : unmanaged =>
        typeof(T) == typeof(byte)
            ? IndexOfOrEscape(MemoryMarshal.Cast<T, byte>(text), _utf8, _first8, _second8, slash)
            : IndexOfOrEscape(MemoryMarshal.Cast<T, ushort>(text), MemoryMarshal.Cast<char, ushort>(_utf16.AsSpan()), _first16, _second16, slash);

    /// <summary>
    /// The two offsets of the literal whose units are rarest (distinct units where the literal has two), lower first;
    /// (0, 0) for a literal of fewer than two units.
    /// </summary>
    internal static (int First, int Second) RarePair<T>(ReadOnlySpan<T> units)
        where T : unmanaged, IBinaryInteger<T>
    {
        var length = units.Length;
        if (length < 2)
        {
            return (0, 0);
        }

        var best = 0;
        for (var i = 1; i < length; i++)
        {
            if (Rank(units[i]) < Rank(units[best]))
            {
                best = i;
            }
        }

        // A unit other than the rarest one beats a repeat of it; then rarer wins.
        var second = -1;
        for (var i = 0; i < length; i++)
        {
            if (i == best)
            {
                continue;
            }

            if (second < 0)
            {
                second = i;
                continue;
            }

            var (candidateDistinct, currentDistinct) = (units[i] != units[best], units[second] != units[best]);
            if (candidateDistinct != currentDistinct ? candidateDistinct : Rank(units[i]) < Rank(units[second]))
            {
                second = i;
            }
        }

        return best < second ? (best, second) : (second, best);

        // perf: a generic method, not delegates over the literal (were 4 delegates and 2 closures a literal, a sizable
        // part of compiling a JSON pattern's many names).
        static int Rank(T unit) => typeof(T) == typeof(byte) ? ByteFrequency.Frequency[byte.CreateTruncating(unit)] : ByteFrequency.Of((char)ushort.CreateTruncating(unit));
    }

    private static int IndexOf<T>(ReadOnlySpan<T> text, ReadOnlySpan<T> literal, int first, int second)
        where T : unmanaged, IBinaryInteger<T>
    {
        var length = literal.Length;
        if (length < 2)
        {
            return length == 0 ? 0 : text.IndexOf(literal[0]);
        }

        // Candidate starts are 0..last.
        var last = text.Length - length;
        if (last < 0)
        {
            return -1;
        }

        ref var start = ref MemoryMarshal.GetReference(text);
        ref var needle = ref MemoryMarshal.GetReference(literal);
        if (UseVector512 && last + 1 >= Vector512<T>.Count)
        {
            return Search512<T, NoEscapes>(ref start, last, ref needle, length, first, second, text.Length);
        }

        if (Vector256.IsHardwareAccelerated && last + 1 >= Vector256<T>.Count)
        {
            return Search256<T, NoEscapes>(ref start, last, ref needle, length, first, second, text.Length);
        }

        // Fewer starts than a vector holds: the runtime's search, whose short paths are as good.
        return text.IndexOf(literal);
    }

    private static int IndexOfOrEscape<T>(ReadOnlySpan<T> text, ReadOnlySpan<T> literal, int first, int second, bool slash)
        where T : unmanaged, IBinaryInteger<T>
    {
        var length = literal.Length;
        var last = text.Length - length;
        if (length >= 2 && Vector256.IsHardwareAccelerated && last + 1 >= Vector256<T>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(text);
            ref var needle = ref MemoryMarshal.GetReference(literal);
            // The width the exact search below uses; the search for events without backslashes takes the same one
            // (on AVX-512 machines, texts shorter than a 512-bit vector take the 256-bit paths).
            var wide = UseVector512 && last + 1 >= Vector512<T>.Count;
            if (length <= (wide ? Vector512<T>.Count : Vector256<T>.Count))
            {
                var unescaped = wide
                    ? Search512Unescaped(ref start, last, ref needle, length, first, second, text.Length)
                    : Search256Unescaped(ref start, last, ref needle, length, first, second, text.Length);
                if (unescaped != BackslashSeen)
                {
                    return unescaped;
                }
            }

            var found = wide
                ? slash
                    ? Search512<T, UnicodeOrSlashEscapes>(ref start, last, ref needle, length, first, second, text.Length)
                    : Search512<T, UnicodeEscapes>(ref start, last, ref needle, length, first, second, text.Length)
                : slash
                    ? Search256<T, UnicodeOrSlashEscapes>(ref start, last, ref needle, length, first, second, text.Length)
                    : Search256<T, UnicodeEscapes>(ref start, last, ref needle, length, first, second, text.Length);
            if (found >= 0)
            {
                return found;
            }

            // The vector loop looks at literal starts only; an escape can also sit in the last length - 1 units.
            return IndexOfEscape(text, last + 1, slash);
        }

        var literalAt = text.IndexOf(literal);
        var escapeAt = IndexOfEscape(literalAt < 0 ? text : text[..literalAt], 0, slash);
        return escapeAt >= 0 ? escapeAt : literalAt;
    }

    private static int IndexOfEscape<T>(ReadOnlySpan<T> text, int from, bool slash)
        where T : unmanaged, IBinaryInteger<T>
    {
        for (var at = from; at + 1 < text.Length; at++)
        {
            if (uint.CreateTruncating(text[at]) == '\\' && IsEscapeSecond(uint.CreateTruncating(text[at + 1]), slash))
            {
                return at;
            }
        }

        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEscapeSecond(uint unit, bool slash) => unit == 'u' || (slash && unit == '/');

    /// <summary>What the search looks for besides the literal (a struct, so each kind compiles to its own loop).</summary>
    private interface IEscapeProbe
    {
        static abstract bool Enabled { get; }

        static abstract bool Slash { get; }
    }

    private readonly struct NoEscapes : IEscapeProbe
    {
        public static bool Enabled => false;

        public static bool Slash => false;
    }

    private readonly struct UnicodeEscapes : IEscapeProbe
    {
        public static bool Enabled => true;

        public static bool Slash => false;
    }

    private readonly struct UnicodeOrSlashEscapes : IEscapeProbe
    {
        public static bool Enabled => true;

        public static bool Slash => true;
    }

    // perf: the loop calls nothing (verification is inlined), so the two anchor vectors stay in registers: every vector
    // register is caller-saved on x64 Unix, and a call in the loop made the JIT reload both from the stack every block.
    // perf: out of line. Inlined (dynamic PGO did it, into the caller's loop over events), the loop's speed depended on
    // where the code heap put it: the same Tier1 code took 150 µs in one process and 360 in the next for ERROR over
    // 20,000 text lines (BenchmarkDotNet's three text runs: 160, 514 and 239 µs). Out of line: 128–132 µs in every one.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Search256<T, TEscapes>(ref T start, int last, ref T needle, int length, int first, int second, int textLength)
        where T : unmanaged, IBinaryInteger<T>
        where TEscapes : IEscapeProbe
    {
        var a = Vector256.Create(Unsafe.Add(ref needle, first));
        var b = Vector256.Create(Unsafe.Add(ref needle, second));
        var backslash = Vector256.Create(T.CreateTruncating('\\'));
        var final = last + 1 - Vector256<T>.Count;
        var i = 0;

        // perf: long texts (buffers of many events) two blocks a step, tested together: the whole-buffer scan for
        // ERROR 1.08x the runtime's IndexOf time with one block a step, 0.92x with two.
        for (; i + (2 * Vector256<T>.Count) <= final; i += 2 * Vector256<T>.Count)
        {
            var m0 = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + first)), a) &
                     Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + second)), b);
            var m1 = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<T>.Count + first)), a) &
                     Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<T>.Count + second)), b);
            if (TEscapes.Enabled)
            {
                m0 |= Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), backslash);
                m1 |= Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<T>.Count)), backslash);
            }

            if ((m0 | m1) != Vector256<T>.Zero)
            {
                break;
            }
        }

        for (; ; i = Math.Min(i + Vector256<T>.Count, final))
        {
            // The last block overlaps the previous one: the starts it repeats did not match there either.
            var block = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + first)), a) &
                        Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + second)), b);
            if (TEscapes.Enabled)
            {
                block |= Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), backslash);
            }

            var found = FirstMatch<T, TEscapes>(ref start, i, block.ExtractMostSignificantBits(), ref needle, length, textLength);
            if (found >= 0)
            {
                return found;
            }

            if (i == final)
            {
                return -1;
            }
        }
    }

    // As Search256, 64 bytes a block: on 125-byte log lines two blocks instead of three or four.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Search512<T, TEscapes>(ref T start, int last, ref T needle, int length, int first, int second, int textLength)
        where T : unmanaged, IBinaryInteger<T>
        where TEscapes : IEscapeProbe
    {
        var a = Vector512.Create(Unsafe.Add(ref needle, first));
        var b = Vector512.Create(Unsafe.Add(ref needle, second));
        var backslash = Vector512.Create(T.CreateTruncating('\\'));
        var final = last + 1 - Vector512<T>.Count;
        for (var i = 0; ; i = Math.Min(i + Vector512<T>.Count, final))
        {
            // The last block overlaps the previous one: the starts it repeats did not match there either.
            // perf: masks as bits, as in Search512Unescaped.
            var block = Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)(i + first)), a).ExtractMostSignificantBits() &
                        Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)(i + second)), b).ExtractMostSignificantBits();
            if (TEscapes.Enabled)
            {
                block |= Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)i), backslash).ExtractMostSignificantBits();
            }

            if (block != 0)
            {
                var found = FirstMatch<T, TEscapes>(ref start, i, block, ref needle, length, textLength);
                if (found >= 0)
                {
                    return found;
                }
            }

            if (i == final)
            {
                return -1;
            }
        }
    }

    private const int BackslashSeen = -2;

    // The literal-or-escape search for events without a backslash (most: 300 of the 20,000 CloudTrail records have
    // one), which then is the literal's search: the first start, or -1; BackslashSeen when a backslash lies before the
    // literal's first occurrence (or anywhere, where there is none), for the exact search to decide. perf: the
    // backslashes are looked for in the vector of each block's first anchor, already loaded, not in a third load a
    // block: the pre-check of CIS 3.1 ("errorCode" over 20,000 CloudTrail records) took 900 µs with the third load
    // and 630 µs for the literal alone. Coverage: units 0..63 before the loop, then each block's anchor vector covers
    // first..first+63 past its start, contiguous since blocks step at most 64 (first < 64: the literal is at most a
    // vector long), and the text's last 64 units after it, which also holds the last length - 1 units, where no
    // literal starts.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Search512Unescaped<T>(ref T start, int last, ref T needle, int length, int first, int second, int textLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        var a = Vector512.Create(Unsafe.Add(ref needle, first));
        var b = Vector512.Create(Unsafe.Add(ref needle, second));
        var backslash = Vector512.Create(T.CreateTruncating('\\'));
        var final = last + 1 - Vector512<T>.Count;
        // perf: masks as bits (a compare into a mask register, then a move), not vectors: tested as vectors, the JIT
        // turned each mask back into a vector to test it.
        var seen = Vector512.Equals(Vector512.LoadUnsafe(ref start), backslash).ExtractMostSignificantBits();
        var i = 0;
        while (true)
        {
            var anchor = Vector512.LoadUnsafe(ref start, (nuint)(i + first));
            seen |= Vector512.Equals(anchor, backslash).ExtractMostSignificantBits();
            var block = Vector512.Equals(anchor, a).ExtractMostSignificantBits() &
                        Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)(i + second)), b).ExtractMostSignificantBits();
            if (block != 0)
            {
                var found = FirstMatch<T, NoEscapes>(ref start, i, block, ref needle, length, textLength);
                if (found >= 0)
                {
                    // Every unit before the start found is covered: 0..63, and up to i + first + 63.
                    return seen == 0 ? found : BackslashSeen;
                }
            }

            if (i == final)
            {
                break;
            }

            // The last block overlaps the previous one: the starts it repeats did not match there either.
            i = Math.Min(i + Vector512<T>.Count, final);
        }

        seen |= Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)(textLength - Vector512<T>.Count)), backslash).ExtractMostSignificantBits();
        return seen == 0 ? -1 : BackslashSeen;
    }

    // As Search512Unescaped, with 256-bit vectors (machines without AVX-512), two blocks a step as in Search256 until
    // one holds a candidate start. Coverage: units 0..W-1 (W, the units a vector holds) before the loop, then each
    // block's anchor vector covers first..first+W-1 past its start (first < W: the literal is at most a vector long),
    // and the text's last W units after it. perf: the backslashes of the anchor vectors are or-ed as vectors and
    // tested once, at the end or at a found start.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Search256Unescaped<T>(ref T start, int last, ref T needle, int length, int first, int second, int textLength)
        where T : unmanaged, IBinaryInteger<T>
    {
        var a = Vector256.Create(Unsafe.Add(ref needle, first));
        var b = Vector256.Create(Unsafe.Add(ref needle, second));
        var backslash = Vector256.Create(T.CreateTruncating('\\'));
        var final = last + 1 - Vector256<T>.Count;
        var seen = Vector256.Equals(Vector256.LoadUnsafe(ref start), backslash);
        var i = 0;
        for (; i + (2 * Vector256<T>.Count) <= final; i += 2 * Vector256<T>.Count)
        {
            var anchor0 = Vector256.LoadUnsafe(ref start, (nuint)(i + first));
            var anchor1 = Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<T>.Count + first));
            seen |= Vector256.Equals(anchor0, backslash) | Vector256.Equals(anchor1, backslash);
            var m0 = Vector256.Equals(anchor0, a) & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + second)), b);
            var m1 = Vector256.Equals(anchor1, a) & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<T>.Count + second)), b);
            if ((m0 | m1) != Vector256<T>.Zero)
            {
                break;
            }
        }

        while (true)
        {
            var anchor = Vector256.LoadUnsafe(ref start, (nuint)(i + first));
            seen |= Vector256.Equals(anchor, backslash);
            var block = Vector256.Equals(anchor, a) & Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + second)), b);
            if (block != Vector256<T>.Zero)
            {
                var found = FirstMatch<T, NoEscapes>(ref start, i, block.ExtractMostSignificantBits(), ref needle, length, textLength);
                if (found >= 0)
                {
                    // Every unit before the start found is covered: 0..W-1, and up to i + first + W - 1.
                    return seen == Vector256<T>.Zero ? found : BackslashSeen;
                }
            }

            if (i == final)
            {
                break;
            }

            // The last block overlaps the previous one: the starts it repeats did not match there either.
            i = Math.Min(i + Vector256<T>.Count, final);
        }

        seen |= Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(textLength - Vector256<T>.Count)), backslash);
        return seen == Vector256<T>.Zero ? -1 : BackslashSeen;
    }

    // The first of the candidate starts (bit k of matches: start i + k) where the literal, or an escape, begins; or -1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstMatch<T, TEscapes>(ref T start, int i, ulong matches, ref T needle, int length, int textLength)
        where T : unmanaged, IBinaryInteger<T>
        where TEscapes : IEscapeProbe
    {
        for (; matches != 0; matches &= matches - 1)
        {
            var at = i + BitOperations.TrailingZeroCount(matches);
            ref var candidate = ref Unsafe.Add(ref start, at);
            if (TEscapes.Enabled && uint.CreateTruncating(candidate) == '\\')
            {
                // The literal has no backslash, so this start is an escape or nothing.
                if (at + 1 < textLength && IsEscapeSecond(uint.CreateTruncating(Unsafe.Add(ref candidate, 1)), TEscapes.Slash))
                {
                    return at;
                }

                continue;
            }

            if (Equal(ref candidate, ref needle, length))
            {
                return at;
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="length"/> units at <paramref name="at"/> equal the literal's, 8 bytes at a time.</summary>
    /// <remarks>
    /// perf: the last 8 bytes (or, for fewer than 8, the first and last 4 or 2) are read overlapping the ones before
    /// them, so no byte-by-byte loop is left: verifying the candidates of 8 OR terms (log words of 4 to 9 letters) over
    /// text logs took a fifth of the search's time with the loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Equal<T>(ref T at, ref T literal, int length)
        where T : unmanaged
    {
        ref var x = ref Unsafe.As<T, byte>(ref at);
        ref var y = ref Unsafe.As<T, byte>(ref literal);
        var bytes = (nuint)length * (nuint)Unsafe.SizeOf<T>();
        if (bytes >= 8)
        {
            for (nuint k = 0; k + 8 < bytes; k += 8)
            {
                if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, k)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, k)))
                {
                    return false;
                }
            }

            return Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref x, bytes - 8)) == Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref y, bytes - 8));
        }

        if (bytes >= 4)
        {
            return ((Unsafe.ReadUnaligned<uint>(ref x) ^ Unsafe.ReadUnaligned<uint>(ref y)) |
                    (Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref x, bytes - 4)) ^ Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref y, bytes - 4)))) == 0;
        }

        if (bytes >= 2)
        {
            return ((Unsafe.ReadUnaligned<ushort>(ref x) ^ Unsafe.ReadUnaligned<ushort>(ref y)) |
                    (Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref x, bytes - 2)) ^ Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref y, bytes - 2)))) == 0;
        }

        return bytes == 0 || x == y;
    }
}
