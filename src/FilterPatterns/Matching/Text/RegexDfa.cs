using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using FilterPatterns.Internal;

namespace FilterPatterns.Matching.Text;

/// <summary>
/// The linear-time search for an AWS regular expression: a DFA over sets of <see cref="RegexNfa"/> points, built lazily
/// as events need its states, reading one symbol class per character (one per code point: a surrogate pair, a lone
/// surrogate and each maximal ill-formed UTF-8 sequence are one non-ASCII character each, so both paths agree with the
/// decoded event). The search stops at the first state that holds a final point; at the end of the event a state's end
/// column says whether a <c>$</c> lets it finish.
/// <para>
/// Shared across threads without locks on the hot path: the table of transitions is read as published; a thread that
/// finds a transition unknown takes the lock, computes it (and perhaps a new state) and publishes it with a release
/// write, after the new state's row; a grown table is a new array, published whole. The cache is bounded: once it
/// holds <c>cacheBytes</c> worth of states, an event that needs one more state is finished by simulating the NFA over
/// stack or pooled bitsets, caching nothing, so time stays linear in the event whatever the expression and input.
/// Once warm (every transition an event needs is known), a search allocates nothing.
/// </para>
/// </summary>
internal sealed class RegexDfa
{
    /// <summary>The default bound of one expression's cache of states (their point sets and table rows).</summary>
    public const int DefaultCacheBytes = 1 << 20;

    // Table entries: a state's row offset (> 0), or one of these. Match, Dead and Skip are stored; Full never is.
    private const int Unknown = 0;
    private const int Match = -1;
    private const int Dead = -2;
    private const int Full = -3;

    /// <summary>The lead column's entry in every row: a non-ASCII code unit, whose character is read off the hot path.</summary>
    private const int NonAsciiLead = -4;

    /// <summary>A transition into the restart state, after which the search skips ahead to a first character.</summary>
    private const int Skip = -5;

    /// <summary>The fallback's two point sets live on the stack up to 64 words each (4,096 points); larger ones are pooled.</summary>
    private const int StackWords = 128;

    /// <summary>Most ASCII characters a start-state skip may look for; more than that rarely skips far.</summary>
    private const int MaxFirstCharacters = 16;

    // An estimate of what one state costs beyond its set and row: the list and dictionary entries, array headers.
    private const int StateOverheadBytes = 64;

    /// <summary>All ASCII chars. perf: as for <see cref="EventText.Surrogates"/>, a range search over chars would allocate.</summary>
    private static readonly SearchValues<char> s_asciiChars =
        SearchValues.Create(Enumerable.Range(0, 128).Select(static c => (char)c).ToArray());

    private readonly RegexNfa _nfa;

    /// <summary>The column of each byte: its class for ASCII, the lead column for 0x80..0xFF (chars above 0x7F read entry 0x80).</summary>
    private readonly byte[] _columnOf;
    private readonly int _nonAsciiClass;
    private readonly int _stride;
    private readonly int _endColumn;
    private readonly int _leadColumn;
    private readonly int _maxStates;
    private readonly bool _matchesEmpty;
    private readonly int _start;
    private readonly int _restart;
    private readonly SearchValues<byte>? _firstBytes;
    private readonly SearchValues<char>? _firstChars;

    private readonly Lock _gate = new();
    private readonly List<ulong[]> _sets = [];
    private readonly Dictionary<ulong[], int> _ids = new(SetComparer.Instance);
    private ulong[]? _scratch;

    /// <summary>
    /// Row <c>id * _stride</c> is state <c>id</c> (ids from 1; row 0 is unused so that 0 means unknown): one column per
    /// class, then the end column (1 when the state matches at the end of the event) and the lead column.
    /// </summary>
    private int[] _table;

    public RegexDfa(RegexNfa nfa, int cacheBytes = DefaultCacheBytes)
    {
        _nfa = nfa;
        var alphabet = nfa.Alphabet;
        _nonAsciiClass = alphabet.NonAsciiClass;
        _endColumn = alphabet.Count;
        _leadColumn = alphabet.Count + 1;
        _stride = alphabet.Count + 2;
        _columnOf = new byte[256];
        alphabet.ClassOfAscii.CopyTo(_columnOf);
        _columnOf.AsSpan(0x80).Fill((byte)_leadColumn);
        // The start and restart states are always there, whatever the bound.
        _maxStates = Math.Max(2, cacheBytes / ((nfa.Words * sizeof(ulong)) + (_stride * sizeof(int)) + StateOverheadBytes));
        _table = new int[_stride * 4];
        _matchesEmpty = nfa.MatchesEmpty();

        var start = new ulong[nfa.Words];
        nfa.Start(start);
        if (nfa.IsAccepting(start))
        {
            // Something matches at offset 0 whatever follows ('%^%', '%a*%'): every non-empty event matches.
            _start = Match;
            return;
        }

        var restart = new ulong[nfa.Words];
        nfa.Restart(restart);
        _restart = IsEmpty(restart) ? Dead : AddState(restart);
        _start = IsEmpty(start) ? Dead : _ids.TryGetValue(start, out var id) ? id * _stride : AddState(start);

        // While the search sits in the restart state, characters that cannot move it on are skipped by a vectorized
        // search for the others, when there are few of them.
        var first = nfa.FirstCharacters(restart);
        if (_restart != Dead && !first.NonAscii && first.AsciiCount <= MaxFirstCharacters)
        {
            var characters = new byte[first.AsciiCount];
            var n = 0;
            for (var c = 0; c < 128; c++)
            {
                if (first.Contains(c))
                {
                    characters[n++] = (byte)c;
                }
            }

            _firstBytes = SearchValues.Create(characters);
            _firstChars = SearchValues.Create(Encoding.ASCII.GetString(characters));
        }
    }

    /// <summary>Whether the expression matches somewhere in <paramref name="text"/> (UTF-8 bytes or UTF-16 chars).</summary>
    public bool IsMatch<T>(ReadOnlySpan<T> text)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (text.IsEmpty)
        {
            return _matchesEmpty;
        }

        var state = _start;
        if (state <= 0)
        {
            return state == Match;
        }

        var table = Volatile.Read(ref _table);
        var i = 0;
        if (state == _restart && _firstBytes is not null)
        {
            i = IndexOfFirst(text, 0);
            if (i < 0)
            {
                return table[state + _endColumn] != 0;
            }
        }

        ref var columns = ref MemoryMarshal.GetArrayDataReference(_columnOf);
        while (i < text.Length)
        {
            // perf: the hot path is one lookup and one branch per code unit; everything else has a negative entry.
            var target = table[state + Column(ref columns, text[i])];
            i++;
            if (target > 0)
            {
                state = target;
                continue;
            }

            int symbolClass;
            if (target == NonAsciiLead)
            {
                symbolClass = _nonAsciiClass;
                target = NonAsciiTransition(text, ref i, state, ref table);
            }
            else
            {
                symbolClass = Column(ref columns, text[i - 1]);
                if (target == Unknown)
                {
                    target = AddTransition(state, symbolClass, ref table);
                }
            }

            switch (target)
            {
                case Match:
                    return true;
                case Dead:
                    return false;
                case Full:
                    return Simulate(text, i, state, symbolClass);
                case Skip:
                    // perf: in logs, one separator between two numbers or words is common ("17-04", "10.0.0.1"): look
                    // at the next unit before paying for a vectorized search (measured: 13% less time on loghub).
                    state = _restart;
                    if (i >= text.Length || table[state + Column(ref columns, text[i])] != Skip)
                    {
                        break;
                    }

                    i = IndexOfFirst(text, i + 1);
                    if (i < 0)
                    {
                        return table[state + _endColumn] != 0;
                    }

                    break;
                default:
                    state = target;
                    break;
            }
        }

        return table[state + _endColumn] != 0;
    }

    /// <summary>The table column of a code unit (chars above 0x7F read the lead column, at entry 0x80).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Column<T>(ref byte columns, T unit)
        where T : unmanaged, IBinaryInteger<T> =>
        typeof(T) == typeof(byte)
            ? Unsafe.Add(ref columns, Unsafe.As<T, byte>(ref unit))
            : Unsafe.Add(ref columns, (nint)Math.Min(uint.CreateTruncating(unit), 0x80u));

    /// <summary>
    /// The transition of <paramref name="state"/> on the non-ASCII character at <paramref name="i"/> - 1, with
    /// <paramref name="i"/> moved past it; or, when the state it leads to stays put on more non-ASCII characters (as
    /// most do), past the whole run of them, since their number then makes no difference.
    /// </summary>
    private int NonAsciiTransition<T>(ReadOnlySpan<T> text, ref int i, int state, ref int[] table)
        where T : unmanaged, IBinaryInteger<T>
    {
        i--;
        var target = table[state + _nonAsciiClass];
        if (target == Unknown)
        {
            target = AddTransition(state, _nonAsciiClass, ref table);
        }

        var after = target == Skip ? _restart : target;
        if (after > 0 && table[after + _nonAsciiClass] is var again && (again == after || (again == Skip && after == _restart)))
        {
            // A run of non-ASCII code units holds one or more characters, all non-ASCII: no ASCII byte is part of an
            // ill-formed UTF-8 sequence, nor an ASCII char of a surrogate pair.
            var ascii = typeof(T) == typeof(byte)
                ? MemoryMarshal.Cast<T, byte>(text)[i..].IndexOfAnyInRange((byte)0, (byte)0x7F)
                : MemoryMarshal.Cast<T, char>(text)[i..].IndexOfAny(s_asciiChars);
            i = ascii < 0 ? text.Length : i + ascii;
        }
        else
        {
            i += NonAsciiLength(text, i);
        }

        return target;
    }

    /// <summary>The code units of the non-ASCII character at <paramref name="i"/>.</summary>
    private static int NonAsciiLength<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
        {
            // The maximal ill-formed subsequence, as Encoding.UTF8 replaces it with one U+FFFD, or a whole character.
            Rune.DecodeFromUtf8(MemoryMarshal.Cast<T, byte>(text)[i..], out _, out var consumed);
            return consumed;
        }

        var chars = MemoryMarshal.Cast<T, char>(text);
        return char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]) ? 2 : 1;
    }

    /// <summary>The offset of the next character from <paramref name="i"/> that can move the restart state on, or -1.</summary>
    private int IndexOfFirst<T>(ReadOnlySpan<T> text, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        var found = typeof(T) == typeof(byte)
            ? MemoryMarshal.Cast<T, byte>(text)[i..].IndexOfAny(_firstBytes!)
            : MemoryMarshal.Cast<T, char>(text)[i..].IndexOfAny(_firstChars!);
        return found < 0 ? -1 : i + found;
    }

    /// <summary>Computes the transition of <paramref name="state"/> on a class, under the lock; returns its entry.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int AddTransition(int state, int symbolClass, ref int[] table)
    {
        lock (_gate)
        {
            table = _table;
            var known = table[state + symbolClass];
            if (known != Unknown)
            {
                return known;
            }

            var next = _scratch ??= new ulong[_nfa.Words];
            _nfa.Step(_sets[(state / _stride) - 1], symbolClass, next);
            int target;
            if (_nfa.IsAccepting(next))
            {
                target = Match;
            }
            else if (IsEmpty(next))
            {
                target = Dead;
            }
            else if (_ids.TryGetValue(next, out var id))
            {
                target = id * _stride == _restart && _firstBytes is not null ? Skip : id * _stride;
            }
            else if (_sets.Count >= _maxStates)
            {
                return Full;
            }
            else
            {
                // The scratch set becomes the new state's own.
                _scratch = null;
                target = AddState(next);
                table = _table;
            }

            Volatile.Write(ref table[state + symbolClass], target);
            return target;
        }
    }

    /// <summary>Adds a state (its row: all transitions unknown, the end column set) and returns its row offset.</summary>
    private int AddState(ulong[] set)
    {
        _sets.Add(set);
        var id = _sets.Count;
        _ids.Add(set, id);
        var row = id * _stride;
        var table = _table;
        if (row + _stride > table.Length)
        {
            var grown = new int[Math.Max(table.Length * 2, row + _stride)];
            table.CopyTo(grown, 0);
            table = grown;
        }

        table[row + _endColumn] = _nfa.AcceptsAtEnd(set) ? 1 : 0;
        table[row + _leadColumn] = NonAsciiLead;

        // Release: a thread that sees the new table, or (later) an entry leading to this row, sees the row.
        Volatile.Write(ref _table, table);
        return row;
    }

    /// <summary>
    /// Finishes an event by stepping the NFA from <paramref name="state"/> on <paramref name="symbolClass"/>, then on
    /// every character from <paramref name="i"/>: the cache is full and caches nothing more.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Simulate<T>(ReadOnlySpan<T> text, int i, int state, int symbolClass)
        where T : unmanaged, IBinaryInteger<T>
    {
        var words = _nfa.Words;
        using var buffer = new PooledBuffer<ulong>(stackalloc ulong[StackWords], 2 * words);
        var current = buffer.Span[..words];
        var next = buffer.Span[words..];
        lock (_gate)
        {
            _sets[(state / _stride) - 1].CopyTo(current);
        }

        while (true)
        {
            _nfa.Step(current, symbolClass, next);
            if (_nfa.IsAccepting(next))
            {
                return true;
            }

            if (IsEmpty(next))
            {
                return false;
            }

            var swap = current;
            current = next;
            next = swap;
            if (i >= text.Length)
            {
                return _nfa.AcceptsAtEnd(current);
            }

            if (uint.CreateTruncating(text[i]) < 0x80)
            {
                symbolClass = _columnOf[uint.CreateTruncating(text[i])];
                i++;
            }
            else
            {
                symbolClass = _nonAsciiClass;
                i += NonAsciiLength(text, i);
            }
        }
    }

    private static bool IsEmpty(ReadOnlySpan<ulong> set) => set.IndexOfAnyExcept(0UL) < 0;

    /// <summary>Point sets compared by content, as the keys of the states.</summary>
    private sealed class SetComparer : IEqualityComparer<ulong[]>
    {
        public static readonly SetComparer Instance = new();

        public bool Equals(ulong[]? x, ulong[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(ulong[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
