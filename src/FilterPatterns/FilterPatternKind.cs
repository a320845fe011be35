namespace FilterPatterns;

/// <summary>The syntactic family of a filter pattern, decided by its first non-blank character.</summary>
public enum FilterPatternKind
{
    /// <summary>The empty pattern, a blank pattern or <c>" "</c>: matches every event.</summary>
    MatchAll,

    /// <summary>Unstructured text: terms, quoted phrases, <c>?term</c>, <c>-term</c>.</summary>
    Text,

    /// <summary>A whole-pattern regular expression <c>%...%</c>.</summary>
    Regex,

    /// <summary>A JSON pattern <c>{ ... }</c>.</summary>
    Json,

    /// <summary>A space-delimited pattern <c>[ ... ]</c>.</summary>
    SpaceDelimited,
}
