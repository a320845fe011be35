using System.Buffers;
using System.Globalization;

namespace FilterPatterns.Subscriptions.Validation;

/// <summary>
/// Checks request members against the constraints of the API model and collects the failures in AWS's wording
/// (<c>1 validation error detected: Value '…' at 'filterName' failed to satisfy constraint: …</c>), so that all
/// violations of one request are reported together, as AWS does.
/// </summary>
internal sealed class RequestValidator
{
    /// <summary>The API model's <c>[^:*]*</c> (filter, destination and stream names).</summary>
    public const string NoColonOrStarPattern = "[^:*]*";

    /// <summary>The API model's log group name pattern.</summary>
    public const string LogGroupNamePattern = @"[\.\-_/#A-Za-z0-9]+";

    private static readonly SearchValues<char> s_colonOrStar = SearchValues.Create(":*");
    private static readonly SearchValues<char> s_logGroupNameChars =
        SearchValues.Create("._-/#ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");

    private List<string>? _errors;

    /// <summary>Checks that a required member is present.</summary>
    public bool Required(string member, object? value)
    {
        if (value is not null)
        {
            return true;
        }

        Add($"Value null at '{member}' failed to satisfy constraint: Member must not be null");
        return false;
    }

    /// <summary>Checks a string's length (UTF-16 code units, as the API model counts).</summary>
    public RequestValidator Length(string member, string? value, int min, int max = int.MaxValue)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Length < min)
        {
            Add(Describe(member, value) + $"Member must have length greater than or equal to {min}");
        }
        else if (value.Length > max)
        {
            Add(Describe(member, value) + $"Member must have length less than or equal to {max}");
        }

        return this;
    }

    /// <summary>Checks a list's number of items.</summary>
    public RequestValidator Count<T>(string member, IReadOnlyCollection<T>? value, int min, int max)
    {
        if (value is null)
        {
            return this;
        }

        if (value.Count < min)
        {
            Add($"Value '{FormatList(value)}' at '{member}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }
        else if (value.Count > max)
        {
            Add($"Value '{FormatList(value)}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }

        return this;
    }

    /// <summary>Checks the <c>[^:*]*</c> pattern.</summary>
    public RequestValidator NoColonOrStar(string member, string? value)
    {
        if (value is not null && value.AsSpan().ContainsAny(s_colonOrStar))
        {
            Add(Describe(member, value) + "Member must satisfy regular expression pattern: " + NoColonOrStarPattern);
        }

        return this;
    }

    /// <summary>Checks the <c>[\.\-_/#A-Za-z0-9]+</c> pattern of log group names.</summary>
    public RequestValidator LogGroupName(string member, string? value)
    {
        if (value is { Length: > 0 } && value.AsSpan().ContainsAnyExcept(s_logGroupNameChars))
        {
            Add(Describe(member, value) + "Member must satisfy regular expression pattern: " + LogGroupNamePattern);
        }

        return this;
    }

    /// <summary>Checks an integer range.</summary>
    /// <summary>A required log group name: 1 to 512 characters of <c>[\.\-_/#A-Za-z0-9]</c>.</summary>
    public RequestValidator RequiredLogGroupName(string member, string? value)
    {
        if (Required(member, value))
        {
            Length(member, value, 1, 512).LogGroupName(member, value);
        }

        return this;
    }

    /// <summary>A required resource name (filter, stream, destination): 1 to 512 characters, no <c>:</c> or <c>*</c>.</summary>
    public RequestValidator RequiredName(string member, string? value)
    {
        if (Required(member, value))
        {
            Length(member, value, 1, 512).NoColonOrStar(member, value);
        }

        return this;
    }

    public RequestValidator Range(string member, int? value, int min, int max)
    {
        if (value is null)
        {
            return this;
        }

        if (value < min)
        {
            Add(Describe(member, value.Value.ToString(CultureInfo.InvariantCulture)) + $"Member must have value greater than or equal to {min}");
        }
        else if (value > max)
        {
            Add(Describe(member, value.Value.ToString(CultureInfo.InvariantCulture)) + $"Member must have value less than or equal to {max}");
        }

        return this;
    }

    /// <summary>Checks membership of an enumeration given as its wire strings.</summary>
    public RequestValidator Enum(string member, string? value, params string[] allowed)
    {
        if (value is not null && Array.IndexOf(allowed, value) < 0)
        {
            Add(Describe(member, value) + $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }

        return this;
    }

    /// <summary>Adds a failure in AWS's wording for a member-level constraint.</summary>
    public void Add(string error) => (_errors ??= []).Add(error);

    /// <summary>Throws <see cref="InvalidParameterException"/> with every collected failure, if there is any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors is null)
        {
            return;
        }

        var noun = _errors.Count == 1 ? "error" : "errors";
        throw new InvalidParameterException($"{_errors.Count} validation {noun} detected: {string.Join("; ", _errors)}");
    }

    private static string Describe(string member, string value) =>
        $"Value '{value}' at '{member}' failed to satisfy constraint: ";

    private static string FormatList<T>(IReadOnlyCollection<T> value) => "[" + string.Join(", ", value) + "]";
}
