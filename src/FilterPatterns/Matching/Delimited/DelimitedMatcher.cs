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

    /// <param name="prefix">The slots before the ellipsis, or all of them when there is none.</param>
    /// <param name="suffix">The slots after the ellipsis.</param>
    /// <param name="hasEllipsis">Whether the pattern has <c>...</c> (an empty pattern counts as one).</param>
    public DelimitedMatcher(FieldSlot[] prefix, FieldSlot[] suffix, bool hasEllipsis)
    {
        _prefix = prefix;
        _suffix = suffix;
        _hasEllipsis = hasEllipsis;
    }

    public override bool IsMatch(ReadOnlySpan<byte> utf8) => IsMatchCore(utf8);

    public override bool IsMatch(ReadOnlySpan<char> utf16) => IsMatchCore(utf16);

    public override FilterMatch Match(ReadOnlySpan<byte> utf8) => MatchCore(utf8);

    public override FilterMatch Match(ReadOnlySpan<char> utf16) => MatchCore(utf16);

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
}
