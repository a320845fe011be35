using System.Text;
using System.Text.Json;

namespace FilterPatterns.Subscriptions.Policies;

/// <summary>What a destination's access policy is asked: may this account perform this action on this resource?</summary>
/// <param name="Account">The calling (sender) account id.</param>
/// <param name="OrganizationId">The caller's AWS Organizations id, when it belongs to one (<c>aws:PrincipalOrgID</c>).</param>
/// <param name="Action">The action, e.g. <c>logs:PutSubscriptionFilter</c>.</param>
/// <param name="Resource">The destination ARN.</param>
internal readonly record struct PolicyRequest(string Account, string? OrganizationId, string Action, string Resource);

/// <summary>
/// A parsed destination access policy (an IAM resource policy) and its evaluation: a request is allowed when some
/// Allow statement applies and no Deny statement does (an explicit Deny wins); no applicable statement means denied.
/// </summary>
/// <remarks>
/// Supported: <c>Effect</c>; <c>Principal</c>/<c>NotPrincipal</c> as <c>"*"</c> or <c>{"AWS": …}</c> with account ids,
/// account root ARNs or <c>*</c>; <c>Action</c>/<c>NotAction</c> and <c>Resource</c>/<c>NotResource</c> with <c>*</c>
/// and <c>?</c> wildcards (actions ignore case); <c>Condition</c> with the String operators (incl. <c>IfExists</c> and
/// <c>ForAnyValue:</c>/<c>ForAllValues:</c> prefixes) on <c>aws:PrincipalOrgID</c> and <c>aws:PrincipalAccount</c>.
/// Principals naming a user or role match nobody: the service only knows the caller's account.
/// </remarks>
internal sealed class AccessPolicy
{
    /// <summary>AWS's size limit of an access policy, in bytes.</summary>
    public const int MaxBytes = 5120;

    private readonly Statement[] _statements;

    private AccessPolicy(Statement[] statements) => _statements = statements;

    /// <summary>Whether some Allow statement grants by organisation id (a condition on <c>aws:PrincipalOrgID</c>).</summary>
    public bool GrantsByOrganization => _statements.Any(s => s.Allow && s.Conditions.Any(c => c.Key.Equals("aws:PrincipalOrgID", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Whether some Allow statement names individual accounts as principals.</summary>
    public bool GrantsByAccount => _statements.Any(s => s.Allow && s.Principals is { } p && p.Any(v => v != "*"));

    /// <summary>Parses a policy document.</summary>
    /// <exception cref="InvalidParameterException">The document is too long or not a policy.</exception>
    public static AccessPolicy Parse(string document)
    {
        if (Encoding.UTF8.GetByteCount(document) > MaxBytes)
        {
            throw new InvalidParameterException(
                $"1 validation error detected: Value at 'accessPolicy' failed to satisfy constraint: Member must have length less than or equal to {MaxBytes}");
        }

        try
        {
            using var json = JsonDocument.Parse(document);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !TryGetProperty(root, "Statement", out var statementElement))
            {
                throw Invalid("the document must be an object with a Statement");
            }

            var statements = statementElement.ValueKind == JsonValueKind.Array
                ? statementElement.EnumerateArray().Select(ParseStatement).ToArray()
                : [ParseStatement(statementElement)];
            return statements.Length == 0 ? throw Invalid("the document has no statement") : new AccessPolicy(statements);
        }
        catch (JsonException e)
        {
            throw new InvalidParameterException("Invalid access policy: the document is not valid JSON.", e);
        }
    }

    /// <summary>Whether the policy allows the request.</summary>
    public bool Allows(PolicyRequest request)
    {
        var allowed = false;
        foreach (var statement in _statements)
        {
            if (!statement.AppliesTo(request))
            {
                continue;
            }

            if (!statement.Allow)
            {
                return false;
            }

            allowed = true;
        }

        return allowed;
    }

    private static Statement ParseStatement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("a statement must be an object");
        }

        var effect = TryGetProperty(element, "Effect", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        if (effect is not ("Allow" or "Deny"))
        {
            throw Invalid("Effect must be Allow or Deny");
        }

        var (principals, notPrincipal) = ReadPrincipal(element);
        var (actions, notAction) = ReadEither(element, "Action", "NotAction");
        if (actions is null)
        {
            throw Invalid("a statement needs an Action or NotAction");
        }

        var (resources, notResource) = ReadEither(element, "Resource", "NotResource");
        var conditions = TryGetProperty(element, "Condition", out var c) ? ReadConditions(c) : [];
        return new Statement(effect == "Allow", principals, notPrincipal, actions, notAction, resources, notResource, conditions);
    }

    private static (string[] Values, bool Not) ReadPrincipal(JsonElement statement)
    {
        var not = false;
        if (!TryGetProperty(statement, "Principal", out var principal))
        {
            if (!TryGetProperty(statement, "NotPrincipal", out principal))
            {
                // A resource policy statement without a principal grants nobody.
                return ([], false);
            }

            not = true;
        }

        if (principal.ValueKind == JsonValueKind.String)
        {
            return principal.GetString() == "*" ? (["*"], not) : throw Invalid("Principal must be \"*\" or an object");
        }

        if (principal.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("Principal must be \"*\" or an object");
        }

        // Only AWS principals can be sender accounts; Service/Federated principals name nobody here.
        return (TryGetProperty(principal, "AWS", out var aws) ? ReadStrings(aws, "Principal") : [], not);
    }

    private static (string[]? Values, bool Not) ReadEither(JsonElement statement, string name, string notName) =>
        TryGetProperty(statement, name, out var value) ? (ReadStrings(value, name), false)
        : TryGetProperty(statement, notName, out value) ? (ReadStrings(value, notName), true)
        : (null, false);

    private static Condition[] ReadConditions(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("Condition must be an object");
        }

        var conditions = new List<Condition>();
        foreach (var op in element.EnumerateObject())
        {
            var name = op.Name;
            var set = name.StartsWith("ForAnyValue:", StringComparison.OrdinalIgnoreCase) ? name["ForAnyValue:".Length..]
                : name.StartsWith("ForAllValues:", StringComparison.OrdinalIgnoreCase) ? name["ForAllValues:".Length..]
                : name;
            var ifExists = set.EndsWith("IfExists", StringComparison.Ordinal);
            var baseName = ifExists ? set[..^"IfExists".Length] : set;
            var kind = baseName switch
            {
                "StringEquals" => ConditionKind.Equals,
                "StringNotEquals" => ConditionKind.NotEquals,
                "StringEqualsIgnoreCase" => ConditionKind.EqualsIgnoreCase,
                "StringNotEqualsIgnoreCase" => ConditionKind.NotEqualsIgnoreCase,
                "StringLike" => ConditionKind.Like,
                "StringNotLike" => ConditionKind.NotLike,
                _ => throw Invalid($"unsupported condition operator '{name}'"),
            };
            if (op.Value.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"condition operator '{name}' must map keys to values");
            }

            foreach (var key in op.Value.EnumerateObject())
            {
                conditions.Add(new Condition(kind, ifExists, key.Name, ReadStrings(key.Value, key.Name)));
            }
        }

        return [.. conditions];
    }

    private static string[] ReadStrings(JsonElement value, string member) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray()
            .Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Invalid($"{member} must hold strings"))
            .ToArray(),
        _ => throw Invalid($"{member} must be a string or a list of strings"),
    };

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.NameEquals(name))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static InvalidParameterException Invalid(string detail) => new($"Invalid access policy: {detail}.");

    private enum ConditionKind
    {
        Equals,
        NotEquals,
        EqualsIgnoreCase,
        NotEqualsIgnoreCase,
        Like,
        NotLike,
    }

    private sealed record Condition(ConditionKind Kind, bool IfExists, string Key, string[] Values)
    {
        public bool Holds(PolicyRequest request)
        {
            var actual = Key.ToUpperInvariant() switch
            {
                "AWS:PRINCIPALORGID" => request.OrganizationId,
                "AWS:PRINCIPALACCOUNT" => request.Account,
                _ => null,
            };
            var negated = Kind is ConditionKind.NotEquals or ConditionKind.NotEqualsIgnoreCase or ConditionKind.NotLike;
            if (actual is null)
            {
                // IAM: a missing key fails a positive operator and satisfies a negated one; IfExists satisfies both.
                return IfExists || negated;
            }

            var any = false;
            foreach (var expected in Values)
            {
                any |= Kind switch
                {
                    ConditionKind.Equals or ConditionKind.NotEquals => string.Equals(expected, actual, StringComparison.Ordinal),
                    ConditionKind.EqualsIgnoreCase or ConditionKind.NotEqualsIgnoreCase => string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase),
                    _ => Wildcard.IsMatch(expected, actual, ignoreCase: false),
                };
            }

            return any != negated;
        }
    }

    private sealed record Statement(
        bool Allow,
        string[] Principals,
        bool NotPrincipal,
        string[] Actions,
        bool NotAction,
        string[]? Resources,
        bool NotResource,
        Condition[] Conditions)
    {
        public bool AppliesTo(PolicyRequest request)
        {
            var principal = Principals.Any(p => PrincipalMatches(p, request.Account));
            if (principal == NotPrincipal)
            {
                return false;
            }

            var action = request.Action;
            if (Actions.Any(a => Wildcard.IsMatch(a, action, ignoreCase: true)) == NotAction)
            {
                return false;
            }

            // No Resource at all: the statement is attached to this destination, so it applies to it.
            var resource = request.Resource;
            if (Resources is not null && Resources.Any(r => Wildcard.IsMatch(r, resource, ignoreCase: false)) == NotResource)
            {
                return false;
            }

            foreach (var condition in Conditions)
            {
                if (!condition.Holds(request))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool PrincipalMatches(string principal, string account) =>
            principal == "*"
            || principal == account
            || (principal.StartsWith("arn:", StringComparison.Ordinal)
                && principal.EndsWith(":root", StringComparison.Ordinal)
                && principal.Split(':') is [_, _, "iam", "", var owner, "root"]
                && owner == account);
    }
}
