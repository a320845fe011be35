using System.Diagnostics.CodeAnalysis;

namespace FilterPatterns.Subscriptions.Arns;

/// <summary>An ARN split into its parts: <c>arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE</c>.</summary>
internal readonly record struct ResourceArn(string Text, string Partition, string Service, string Region, string Account, string Resource)
{
    /// <summary>Splits <paramref name="text"/>; the resource part may itself contain <c>:</c>.</summary>
    public static bool TryParse(string? text, out ResourceArn arn)
    {
        arn = default;
        if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            return false;
        }

        arn = new ResourceArn(text, parts[1], parts[2], parts[3], parts[4], parts[5]);
        return true;
    }

    /// <summary>Classifies a destination ARN; false for anything a subscription cannot deliver to.</summary>
    public bool TryGetDestinationType(out DestinationType type)
    {
        type = default;
        if (Region.Length == 0 || Account.Length == 0)
        {
            return false;
        }

        switch (Service)
        {
            case "kinesis" when HasName("stream/"):
                type = DestinationType.Kinesis;
                return true;
            case "firehose" when HasName("deliverystream/"):
                type = DestinationType.Firehose;
                return true;
            case "lambda" when HasName("function:"):
                type = DestinationType.Lambda;
                return true;
            case "logs" when HasName("destination:"):
                type = DestinationType.LogicalDestination;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The name after the resource type, e.g. the destination name of <c>destination:NAME</c>.</summary>
    public string ResourceName => Resource[(Resource.IndexOfAny(['/', ':']) + 1)..];

    /// <summary>The ARN of a logical destination.</summary>
    public static string ForDestination(string partition, string region, string account, string name) =>
        $"arn:{partition}:logs:{region}:{account}:destination:{name}";

    /// <summary>Parses a destination ARN of a known type.</summary>
    public static bool TryParseDestination(string? text, [NotNullWhen(true)] out string? normalized, out ResourceArn arn, out DestinationType type)
    {
        normalized = null;
        type = default;
        if (!TryParse(text, out arn) || !arn.TryGetDestinationType(out type))
        {
            return false;
        }

        normalized = arn.Text;
        return true;
    }

    private bool HasName(string prefix) =>
        Resource.Length > prefix.Length && Resource.StartsWith(prefix, StringComparison.Ordinal);
}
