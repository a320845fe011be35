using FilterPatterns.Matching;
using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Compilation;

/// <summary>Turns a syntax tree into the matcher for its shape.</summary>
internal static class PatternCompiler
{
    public static Matcher Compile(string pattern, PatternSyntax syntax, FilterPatternOptions options) =>
        throw new NotSupportedException("matchers are being written");
}
