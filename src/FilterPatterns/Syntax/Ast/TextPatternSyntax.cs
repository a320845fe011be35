using FilterPatterns.Internal;

namespace FilterPatterns.Syntax.Ast;

/// <summary>
/// An unstructured text pattern: <c>ERROR "Exception" ?WARN -DEBUG</c>. The empty pattern, a blank pattern and
/// <c>" "</c> are text patterns whose terms are all blank; they match every event.
/// </summary>
internal sealed record TextPatternSyntax(EquatableArray<TermSyntax> Terms, SourceSpan Span) : PatternSyntax(Span)
{
    public override FilterPatternKind Kind
    {
        get
        {
            foreach (var term in Terms)
            {
                if (!term.IsBlank)
                {
                    return FilterPatternKind.Text;
                }
            }

            return FilterPatternKind.MatchAll;
        }
    }
}
