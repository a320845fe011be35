using System.Globalization;
using System.Numerics;
using FilterPatterns.Internal;
using FilterPatterns.Matching.Text;

namespace FilterPatterns.Matching.Delimited;

/// <summary>One slot of a compiled space-delimited pattern.</summary>
/// <param name="Name">The field name, or null for the unnamed field of a trailing comma.</param>
/// <param name="Condition">The and/or tree over <paramref name="Tests"/>, or null when any value will do.</param>
/// <param name="Tests">The slot's comparisons, indexed by the condition's leaves.</param>
internal sealed record FieldSlot(string? Name, Condition? Condition, ValueTest[] Tests)
{
    public bool Test<T>(ReadOnlySpan<T> field)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (Condition is null)
        {
            return true;
        }

        if (Tests.Length == 1)
        {
            // perf: one comparison needs no leaf buffer.
            return Tests[0].Test(field, jsonEscaped: false) != ((Condition.Leaf)Condition).Negated;
        }

        Span<bool> leaves = stackalloc bool[Tests.Length];
        for (var i = 0; i < Tests.Length; i++)
        {
            leaves[i] = Tests[i].Test(field, jsonEscaped: false);
        }

        return Condition.Evaluate(leaves);
    }
}

/// <summary>
/// A space-delimited pattern: the slots before <c>...</c> are tested against the first fields as they are read
/// (stopping at the first failure), the slots after it against the last fields (kept in a ring buffer), and without
/// <c>...</c> the event must have exactly as many fields as the pattern. <c>[]</c> matches every event.
/// </summary>
internal sealed class DelimitedMatcher : Matcher
{
    private readonly FieldSlot[] _prefix;
    private readonly FieldSlot[] _suffix;
    private readonly bool _hasEllipsis;
    private readonly LiteralSet? _required;
    private readonly bool _orDigitRun;

    /// <param name="prefix">The slots before the ellipsis, or all of them when there is none.</param>
    /// <param name="suffix">The slots after the ellipsis.</param>
    /// <param name="hasEllipsis">Whether the pattern has <c>...</c> (an empty pattern counts as one).</param>
    public DelimitedMatcher(FieldSlot[] prefix, FieldSlot[] suffix, bool hasEllipsis)
    {
        _prefix = prefix;
        _suffix = suffix;
        _hasEllipsis = hasEllipsis;
        if (Required([.. prefix, .. suffix]) is { } required)
        {
            _required = new LiteralSet([.. required.Texts.Select(static t => new Literal(t))]);
            _orDigitRun = required.OrDigitRun;
            Prefilter = new RequiredPrefilter(this);
        }
    }

    public override Prefilter? Prefilter { get; }

    /// <summary>Every slot, before and after the ellipsis.</summary>
    internal IEnumerable<FieldSlot> Slots => [.. _prefix, .. _suffix];

    public override bool IsMatch(ReadOnlySpan<byte> utf8) => MayMatch(utf8) && IsMatchCore(utf8);

    public override bool IsMatch(ReadOnlySpan<char> utf16) => MayMatch(utf16) && IsMatchCore(utf16);

    public override FilterMatch Match(ReadOnlySpan<byte> utf8) => MayMatch(utf8) ? MatchCore(utf8) : FilterMatch.NoMatch;

    public override FilterMatch Match(ReadOnlySpan<char> utf16) => MayMatch(utf16) ? MatchCore(utf16) : FilterMatch.NoMatch;

    /// <summary>
    /// The pre-check: texts one of which every matching event contains (or, when <see cref="Requirement.OrDigitRun"/>,
    /// a number of <see cref="DigitRuns.RoundingDigits"/> digits instead), or null when the pattern requires none. Every slot must
    /// hold, so any slot's requirement will do. A slot requires the text of its <c>= "text"</c> tests (fields are read
    /// raw, with their quotes or brackets stripped, so the text appears in the event as is) and the digits of its
    /// <c>= N</c> tests (<see cref="ValueTest.RequiredNumberDigits"/>: written with at most one '.' among them, or a
    /// number long enough to round to N); all operands' under <c>||</c>, any operand's under <c>&amp;&amp;</c>. The choice with the
    /// longest shortest text wins (fewest false candidates), then the one without the digit-run escape.
    /// </summary>
    internal static Requirement? Required(IEnumerable<FieldSlot> slots)
    {
        Requirement? best = null;
        foreach (var slot in slots)
        {
            if (slot.Condition is not null && Of(slot.Condition, slot.Tests) is { } requirement && Better(requirement, best))
            {
                best = requirement;
            }
        }

        return best;

        static bool Better(Requirement candidate, Requirement? current)
        {
            if (current is not { } other)
            {
                return true;
            }

            var (shortest, otherShortest) = (candidate.Texts.Min(static t => t.Length), other.Texts.Min(static t => t.Length));
            return shortest != otherShortest ? shortest > otherShortest :
                candidate.OrDigitRun != other.OrDigitRun ? !candidate.OrDigitRun :
                candidate.Texts.Length < other.Texts.Length;
        }

        static Requirement? Of(Condition condition, ValueTest[] tests)
        {
            switch (condition)
            {
                case Condition.Leaf { Negated: false } leaf:
                    var test = tests[leaf.Index];
                    if (test.RequiredRawText is { } text)
                    {
                        return new Requirement([text], OrDigitRun: false);
                    }

                    if (test.RequiredNumberDigits is { } digits)
                    {
                        // The digits as written, or with a decimal point among them: 404, 4.04, 40.4.
                        return new Requirement([digits, .. Enumerable.Range(1, digits.Length - 1).Select(i => $"{digits[..i]}.{digits[i..]}")], OrDigitRun: true);
                    }

                    return null;
                case Condition.And and:
                    Requirement? chosen = null;
                    foreach (var operand in and.Operands)
                    {
                        if (Of(operand, tests) is { } requirement && Better(requirement, chosen))
                        {
                            chosen = requirement;
                        }
                    }

                    return chosen;
                case Condition.Or or:
                    var all = new List<string>();
                    var digitRun = false;
                    foreach (var operand in or.Operands)
                    {
                        if (Of(operand, tests) is not { } requirement)
                        {
                            return null;
                        }

                        all.AddRange(requirement.Texts);
                        digitRun |= requirement.OrDigitRun;
                    }

                    return new Requirement([.. all.Distinct(StringComparer.Ordinal)], digitRun);
                default:
                    return null;
            }
        }
    }

    private bool MayMatch<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryInteger<T> => _required is null || FindRequired(input) >= 0;

    // The first position of a required text, or of a number long enough to round when that also will do; -1 when
    // neither occurs.
    private int FindRequired<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryInteger<T>
    {
        var text = _required!.IndexOfAny(input);
        if (!_orDigitRun)
        {
            return text;
        }

        var run = DigitRuns.IndexOfLongNumber(text < 0 ? input : input[..text]);
        return run >= 0 ? run : text;
    }

    private bool IsMatchCore<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryInteger<T>
    {
        var prefixCount = _prefix.Length;
        var suffixCount = _suffix.Length;
        Span<(int Start, int Length)> ring = stackalloc (int, int)[suffixCount];
        var position = 0;
        var count = 0;
        while (FieldTokenizer<T>.Next(input, ref position, out var start, out var length))
        {
            if (count < prefixCount)
            {
                if (!_prefix[count].Test(input.Slice(start, length)))
                {
                    return false;
                }

                if (count == prefixCount - 1 && _hasEllipsis && suffixCount == 0)
                {
                    // "[a, b, ...]": the leading slots hold; whatever follows is covered by the ellipsis.
                    return true;
                }
            }
            else if (!_hasEllipsis)
            {
                return false;
            }

            if (suffixCount > 0)
            {
                ring[count % suffixCount] = (start, length);
            }

            count++;
        }

        if (!_hasEllipsis)
        {
            return count == prefixCount;
        }

        if (count < prefixCount + suffixCount)
        {
            return false;
        }

        for (var j = 0; j < suffixCount; j++)
        {
            var (start, length) = ring[(count - suffixCount + j) % suffixCount];
            if (!_suffix[j].Test(input.Slice(start, length)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Matches an event already split into fields (pattern sets split once for all their patterns).</summary>
    internal bool IsMatchFields<T>(ReadOnlySpan<T> input, ReadOnlySpan<(int Start, int Length)> fields)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (_hasEllipsis ? fields.Length < _prefix.Length + _suffix.Length : fields.Length != _prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < _prefix.Length; i++)
        {
            if (!_prefix[i].Test(input.Slice(fields[i].Start, fields[i].Length)))
            {
                return false;
            }
        }

        var suffixStart = fields.Length - _suffix.Length;
        for (var j = 0; j < _suffix.Length; j++)
        {
            var (start, length) = fields[suffixStart + j];
            if (!_suffix[j].Test(input.Slice(start, length)))
            {
                return false;
            }
        }

        return true;
    }

    private FilterMatch MatchCore<T>(ReadOnlySpan<T> input)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (!IsMatchCore(input))
        {
            return FilterMatch.NoMatch;
        }

        var fields = new List<(int Start, int Length)>();
        var position = 0;
        while (FieldTokenizer<T>.Next(input, ref position, out var start, out var length))
        {
            fields.Add((start, length));
        }

        var values = new Dictionary<string, string>(fields.Count, StringComparer.Ordinal);
        var suffixStart = fields.Count - _suffix.Length;
        for (var i = 0; i < fields.Count; i++)
        {
            var slot = i < _prefix.Length ? _prefix[i] : i >= suffixStart ? _suffix[i - suffixStart] : null;
            var key = slot?.Name is { } name ? "$" + name : "$" + (i + 1).ToString(CultureInfo.InvariantCulture);
            values[key] = Decode(input.Slice(fields[i].Start, fields[i].Length));
        }

        return new FilterMatch(true, values);
    }

    private static string Decode<T>(ReadOnlySpan<T> text)
        where T : unmanaged
    {
        using var buffer = new PooledBuffer<char>(stackalloc char[256], text.Length);
        var length = EventText.Decode(text, buffer.Span);
        return new string(buffer.Span[..length]);
    }

    /// <summary>What every matching event contains: one of <paramref name="Texts"/>, or a number long enough to round if <paramref name="OrDigitRun"/>.</summary>
    internal readonly record struct Requirement(string[] Texts, bool OrDigitRun);

    /// <summary>For batch matching: the first position the pre-check accepts.</summary>
    private sealed class RequiredPrefilter(DelimitedMatcher matcher) : Prefilter
    {
        public override int FindCandidate<T>(ReadOnlySpan<T> text) => matcher.FindRequired(text);
    }
}
