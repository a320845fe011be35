using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace FilterPatterns.Destinations.Aws;

/// <summary>
/// An Amazon Resource Name, <c>arn:partition:service:region:account-id:resource</c>, with typed readers for the
/// destinations of CloudWatch Logs subscriptions (Kinesis streams, Firehose delivery streams, Lambda functions
/// and CloudWatch Logs destinations) in every partition (<c>aws</c>, <c>aws-cn</c>, <c>aws-us-gov</c>, ...).
/// </summary>
/// <param name="Partition">The partition, for example <c>aws</c>, <c>aws-cn</c> or <c>aws-us-gov</c>.</param>
/// <param name="Service">The service namespace, for example <c>kinesis</c>.</param>
/// <param name="Region">The region, for example <c>us-east-1</c>; empty for global resources.</param>
/// <param name="AccountId">The 12-digit account id; empty for some resources.</param>
/// <param name="Resource">The resource part, which may itself contain <c>:</c> and <c>/</c>.</param>
public sealed partial record AwsArn(string Partition, string Service, string Region, string AccountId, string Resource)
{
    /// <summary>Parses an ARN.</summary>
    /// <exception cref="AwsArnFormatException">The text is not an ARN.</exception>
    public static AwsArn Parse(string arn) =>
        TryParse(arn, out var result, out var error) ? result : throw new AwsArnFormatException(error);

    /// <summary>Parses an ARN, reporting what is wrong when it is not one.</summary>
    public static bool TryParse(
        [NotNullWhen(true)] string? arn,
        [NotNullWhen(true)] out AwsArn? result,
        [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(arn))
        {
            error = "An ARN is required, but the value is empty.";
            return false;
        }

        var parts = arn.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn")
        {
            error = $"'{arn}' is not an ARN: expected arn:partition:service:region:account-id:resource.";
            return false;
        }

        if (!PartitionPattern().IsMatch(parts[1]))
        {
            error = $"'{arn}' has an invalid partition '{parts[1]}' (expected aws, aws-cn, aws-us-gov, ...).";
            return false;
        }

        if (!ServicePattern().IsMatch(parts[2]))
        {
            error = $"'{arn}' has an invalid service '{parts[2]}'.";
            return false;
        }

        if (parts[3].Length > 0 && !RegionPattern().IsMatch(parts[3]))
        {
            error = $"'{arn}' has an invalid region '{parts[3]}'.";
            return false;
        }

        if (parts[4].Length > 0 && !AccountPattern().IsMatch(parts[4]))
        {
            error = $"'{arn}' has an invalid account id '{parts[4]}' (expected 12 digits).";
            return false;
        }

        if (parts[5].Length == 0)
        {
            error = $"'{arn}' has no resource.";
            return false;
        }

        result = new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        error = null;
        return true;
    }

    /// <summary>The ARN text.</summary>
    public override string ToString() => $"arn:{Partition}:{Service}:{Region}:{AccountId}:{Resource}";

    internal AwsArn RequireRegionalResource(string service, string text)
    {
        if (Service != service)
        {
            throw new AwsArnFormatException($"'{text}' is a {Service} ARN, not a {service} ARN.");
        }

        if (Region.Length == 0 || AccountId.Length == 0)
        {
            throw new AwsArnFormatException($"'{text}' must name a region and an account id.");
        }

        return this;
    }

    [GeneratedRegex("^aws(-[a-z]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PartitionPattern();

    [GeneratedRegex("^[a-z0-9-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ServicePattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountPattern();
}

/// <summary>A Kinesis data stream ARN: <c>arn:aws:kinesis:region:account-id:stream/name</c>.</summary>
/// <param name="Arn">The whole ARN.</param>
/// <param name="StreamName">The stream name.</param>
public sealed partial record KinesisStreamArn(AwsArn Arn, string StreamName)
{
    /// <summary>Parses a Kinesis stream ARN.</summary>
    /// <exception cref="AwsArnFormatException">The text is not a Kinesis stream ARN.</exception>
    public static KinesisStreamArn Parse(string arn)
    {
        var parsed = AwsArn.Parse(arn).RequireRegionalResource("kinesis", arn);
        if (!parsed.Resource.StartsWith("stream/", StringComparison.Ordinal) || !NamePattern().IsMatch(parsed.Resource["stream/".Length..]))
        {
            throw new AwsArnFormatException($"'{arn}' is not a Kinesis stream ARN: expected the resource stream/<name> with a name of 1-128 characters [a-zA-Z0-9_.-].");
        }

        return new KinesisStreamArn(parsed, parsed.Resource["stream/".Length..]);
    }

    /// <summary>The ARN text.</summary>
    public override string ToString() => Arn.ToString();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

/// <summary>A Firehose delivery stream ARN: <c>arn:aws:firehose:region:account-id:deliverystream/name</c>.</summary>
/// <param name="Arn">The whole ARN.</param>
/// <param name="DeliveryStreamName">The delivery stream name.</param>
public sealed partial record FirehoseDeliveryStreamArn(AwsArn Arn, string DeliveryStreamName)
{
    /// <summary>Parses a Firehose delivery stream ARN.</summary>
    /// <exception cref="AwsArnFormatException">The text is not a Firehose delivery stream ARN.</exception>
    public static FirehoseDeliveryStreamArn Parse(string arn)
    {
        var parsed = AwsArn.Parse(arn).RequireRegionalResource("firehose", arn);
        const string prefix = "deliverystream/";
        if (!parsed.Resource.StartsWith(prefix, StringComparison.Ordinal) || !NamePattern().IsMatch(parsed.Resource[prefix.Length..]))
        {
            throw new AwsArnFormatException($"'{arn}' is not a Firehose delivery stream ARN: expected the resource deliverystream/<name> with a name of 1-64 characters [a-zA-Z0-9_.-].");
        }

        return new FirehoseDeliveryStreamArn(parsed, parsed.Resource[prefix.Length..]);
    }

    /// <summary>The ARN text.</summary>
    public override string ToString() => Arn.ToString();

    [GeneratedRegex("^[a-zA-Z0-9_.-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

/// <summary>A Lambda function ARN: <c>arn:aws:lambda:region:account-id:function:name[:qualifier]</c>.</summary>
/// <param name="Arn">The whole ARN.</param>
/// <param name="FunctionName">The function name.</param>
/// <param name="Qualifier">The version or alias, or <see langword="null"/> for an unqualified ARN.</param>
public sealed partial record LambdaFunctionArn(AwsArn Arn, string FunctionName, string? Qualifier)
{
    /// <summary>Parses a Lambda function ARN.</summary>
    /// <exception cref="AwsArnFormatException">The text is not a Lambda function ARN.</exception>
    public static LambdaFunctionArn Parse(string arn)
    {
        var parsed = AwsArn.Parse(arn).RequireRegionalResource("lambda", arn);
        var parts = parsed.Resource.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] != "function" || !NamePattern().IsMatch(parts[1]))
        {
            throw new AwsArnFormatException($"'{arn}' is not a Lambda function ARN: expected the resource function:<name>[:<qualifier>] with a name of 1-64 characters [a-zA-Z0-9_-].");
        }

        string? qualifier = null;
        if (parts.Length == 3)
        {
            if (!QualifierPattern().IsMatch(parts[2]))
            {
                throw new AwsArnFormatException($"'{arn}' has an invalid Lambda qualifier '{parts[2]}' (expected $LATEST, a version number or an alias).");
            }

            qualifier = parts[2];
        }

        return new LambdaFunctionArn(parsed, parts[1], qualifier);
    }

    /// <summary>The ARN text.</summary>
    public override string ToString() => Arn.ToString();

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(\$LATEST|[a-zA-Z0-9_-]{1,128})$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifierPattern();
}

/// <summary>A CloudWatch Logs destination ARN: <c>arn:aws:logs:region:account-id:destination:name</c>.</summary>
/// <param name="Arn">The whole ARN.</param>
/// <param name="DestinationName">The destination name.</param>
public sealed partial record LogsDestinationArn(AwsArn Arn, string DestinationName)
{
    /// <summary>Parses a CloudWatch Logs destination ARN.</summary>
    /// <exception cref="AwsArnFormatException">The text is not a CloudWatch Logs destination ARN.</exception>
    public static LogsDestinationArn Parse(string arn)
    {
        var parsed = AwsArn.Parse(arn).RequireRegionalResource("logs", arn);
        const string prefix = "destination:";
        if (!parsed.Resource.StartsWith(prefix, StringComparison.Ordinal) || !NamePattern().IsMatch(parsed.Resource[prefix.Length..]))
        {
            throw new AwsArnFormatException($"'{arn}' is not a CloudWatch Logs destination ARN: expected the resource destination:<name> with a name of 1-512 characters and no ':' or '*'.");
        }

        return new LogsDestinationArn(parsed, parsed.Resource[prefix.Length..]);
    }

    /// <summary>The ARN text.</summary>
    public override string ToString() => Arn.ToString();

    [GeneratedRegex("^[^:*]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

/// <summary>The text is not a well-formed ARN of the expected kind.</summary>
public sealed class AwsArnFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public AwsArnFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AwsArnFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public AwsArnFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
