namespace FilterPatterns.Tests.Support;

/// <summary>Runs a test with one of the library's code-path switches (a static test hook) turned off or left as it is.</summary>
internal static class Hooks
{
    /// <summary>
    /// Runs <paramref name="body"/> with the switch at <paramref name="enabled"/> and-ed with its current value (a path
    /// the hardware lacks cannot be turned on), then restores it. Both settings give the same answers, so a test running
    /// meanwhile on another thread only exercises the other path.
    /// </summary>
    public static void With(bool enabled, Func<bool> get, Action<bool> set, Action body)
    {
        var previous = get();
        set(enabled && previous);
        try
        {
            body();
        }
        finally
        {
            set(previous);
        }
    }
}
