using System.Text.Json;

namespace FilterPatterns.Tests.Support;

/// <summary>One line of a <c>Cases/*.cases</c> file (format: Cases/README.md).</summary>
internal sealed record ConformanceCase(
    string Id,
    string Source,
    string Pattern,
    string? Message,
    bool? Expected,
    IReadOnlyDictionary<string, string>? Extracted,
    FilterPatternError? Error,
    int? Offset)
{
    public bool IsRejection => Error is not null;
}

/// <summary>Reads the conformance case files that are copied next to the test assembly.</summary>
internal static class CaseFile
{
    public const string Separator = " ⇶ ";

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Cases");

    private static readonly Lazy<IReadOnlyDictionary<string, ConformanceCase>> s_all = new(() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.cases")
            .Order(StringComparer.Ordinal)
            .SelectMany(Load)
            .ToDictionary(c => c.Id));

    public static IReadOnlyDictionary<string, ConformanceCase> All => s_all.Value;

    public static IEnumerable<ConformanceCase> Load(string path)
    {
        var file = Path.GetFileName(path);
        var source = "(no @source line)";
        var events = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var id = $"{file}:{lineNumber}";
            if (line.StartsWith("@source ", StringComparison.Ordinal))
            {
                source = line["@source ".Length..];
                continue;
            }

            var fields = line.Split(Separator);
            if (fields[0] == "@event" || fields[0].StartsWith("@event ", StringComparison.Ordinal))
            {
                var name = fields[0] == "@event" ? fields[1] : fields[0]["@event ".Length..];
                events[name.Trim()] = Field(fields[^1]);
                continue;
            }

            switch (fields[0])
            {
                case "match" when fields.Length is 4 or 5:
                    var message = Field(fields[2]);
                    if (message.StartsWith('@') && events.TryGetValue(message[1..], out var named))
                    {
                        message = named;
                    }

                    var extracted = fields.Length == 5
                        ? JsonSerializer.Deserialize<Dictionary<string, string>>(fields[4])
                        : null;
                    yield return new ConformanceCase(id, source, Field(fields[1]), message, bool.Parse(fields[3]), extracted, null, null);
                    break;
                case "reject" when fields.Length is 3 or 4:
                    yield return new ConformanceCase(
                        id, source, Field(fields[1]), null, null, null,
                        Enum.Parse<FilterPatternError>(fields[2].Trim()),
                        fields.Length == 4 ? int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture) : null);
                    break;
                default:
                    throw new FormatException($"{id}: cannot read case line '{line}'");
            }
        }
    }

    /// <summary>A field is verbatim unless written ⟪…⟫, whose content is a JSON string body.</summary>
    private static string Field(string field) =>
        field.StartsWith('⟪') && field.EndsWith('⟫')
            ? JsonSerializer.Deserialize<string>("\"" + field[1..^1] + "\"")!
            : field;
}
