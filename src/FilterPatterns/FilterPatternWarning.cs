namespace FilterPatterns;

/// <summary>A pattern that parses but probably does not do what it looks like. Returned by <see cref="FilterPattern.Lint"/>.</summary>
/// <param name="Code">What kind of surprise.</param>
/// <param name="Offset">0-based position of the part the warning is about.</param>
/// <param name="Length">Length of that part.</param>
/// <param name="Message">An explanation and, where there is one, the fix.</param>
public sealed record FilterPatternWarning(FilterPatternWarningCode Code, int Offset, int Length, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code} at {Offset}: {Message}";
}

/// <summary>Kinds of <see cref="FilterPatternWarning"/>.</summary>
public enum FilterPatternWarningCode
{
    /// <summary><c>?</c> terms mixed with plain or <c>-</c> terms: AWS ignores every <c>?</c> term.</summary>
    OptionalTermsIgnored = 1,

    /// <summary>A term that is only blanks (<c>" "</c>) among other terms: it matches every event and changes nothing.</summary>
    BlankTermHasNoEffect,

    /// <summary>The same term appears more than once.</summary>
    DuplicateTerm,

    /// <summary>A term both required and excluded, or otherwise contradictory: the pattern can never match.</summary>
    NeverMatches,

    /// <summary>A regular expression alternative is empty or the expression can match the empty string: every event matches.</summary>
    RegexMatchesEverything,

    /// <summary>An interior <c>*</c> in a string value is a literal star, not a wildcard (AWS: "Ev*ent will only match the actual string Ev*ent").</summary>
    InteriorStarIsLiteral,

    /// <summary>A quoted value that looks like a number is compared as a string (<c>"400"</c> does not equal <c>400.0</c>).</summary>
    QuotedNumberComparedAsString,

    /// <summary>A space-delimited pattern without <c>...</c> only matches events with exactly that many fields.</summary>
    ExactFieldCount,

    /// <summary>A value is compared with <c>!=</c> against <c>*</c>: nothing can differ from "anything".</summary>
    NotEqualsWildcard,

    /// <summary><c>= true</c>, <c>= false</c> or <c>= null</c> compares strings; JSON literals are tested with <c>IS TRUE</c>, <c>IS FALSE</c>, <c>IS NULL</c>.</summary>
    LiteralComparedAsString,
}
