namespace FilterPatterns.Syntax;

/// <summary>Where a syntax node was written: a 0-based offset and a length, in UTF-16 code units of the pattern.</summary>
internal readonly record struct SourceSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static SourceSpan FromBounds(int start, int end) => new(start, end - start);

    public override string ToString() => $"[{Start}..{End})";
}
