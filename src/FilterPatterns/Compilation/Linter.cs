using FilterPatterns.Syntax.Ast;

namespace FilterPatterns.Compilation;

/// <summary>Finds patterns that parse but do not do what they look like.</summary>
internal static class Linter
{
    public static IReadOnlyList<FilterPatternWarning> Lint(PatternSyntax syntax) => [];
}
