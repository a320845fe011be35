using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace FilterPatterns.Internal;

/// <summary>Throw sites kept out of line so the methods that call them stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowSyntax(FilterPatternError error, string pattern, int offset, int length, string detail) =>
        throw new FilterPatternException(error, Math.Min(offset, pattern.Length), length, detail, pattern);
}
