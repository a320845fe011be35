using FilterPatterns.Subscriptions.Policies;
using FsCheck;
using FsCheck.Fluent;

namespace FilterPatterns.Subscriptions.Tests;

/// <summary>Destination access policy evaluation: principals, actions, resources, conditions, explicit Deny.</summary>
public sealed class AccessPolicyTests
{
    private const string Dest = "arn:aws:logs:us-east-1:999999999999:destination:testDestination";
    private static readonly Config s_config = Config.QuickThrowOnFailure.WithMaxTest(500).WithQuietOnSuccess(true);

    private static bool Allows(string policy, string account = "111111111111", string? org = null, string action = "logs:PutSubscriptionFilter", string resource = Dest) =>
        AccessPolicy.Parse(policy).Allows(new PolicyRequest(account, org, action, resource));

    private static string Statement(string effect = "Allow", string principal = "{\"AWS\":\"111111111111\"}", string action = "\"logs:PutSubscriptionFilter\"", string? resource = "\"" + Dest + "\"", string? condition = null) =>
        "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":" + action
        + (resource is null ? "" : ",\"Resource\":" + resource)
        + (condition is null ? "" : ",\"Condition\":" + condition) + "}";

    private static string Policy(params string[] statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";

    [Theory]
    [InlineData("{\"AWS\":\"111111111111\"}", "111111111111", true)]
    [InlineData("{\"AWS\":\"111111111111\"}", "222222222222", false)]
    [InlineData("{\"AWS\":[\"222222222222\",\"111111111111\"]}", "111111111111", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "111111111111", true)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111111111111:root\"}", "222222222222", false)]
    [InlineData("{\"AWS\":\"arn:aws:iam::111111111111:role/x\"}", "111111111111", false)]
    [InlineData("{\"AWS\":\"*\"}", "222222222222", true)]
    [InlineData("\"*\"", "222222222222", true)]
    [InlineData("{\"Service\":\"logs.amazonaws.com\"}", "111111111111", false)]
    public void Principal(string principal, string account, bool allowed) =>
        Assert.Equal(allowed, Allows(Policy(Statement(principal: principal)), account));

    [Theory]
    [InlineData("\"logs:PutSubscriptionFilter\"", true)]
    [InlineData("\"logs:putsubscriptionfilter\"", true)]
    [InlineData("\"logs:*\"", true)]
    [InlineData("\"*\"", true)]
    [InlineData("\"logs:Put*\"", true)]
    [InlineData("\"logs:PutSubscriptionFilte?\"", true)]
    [InlineData("[\"logs:DescribeDestinations\",\"logs:PutSubscriptionFilter\"]", true)]
    [InlineData("\"logs:DeleteSubscriptionFilter\"", false)]
    [InlineData("\"kinesis:*\"", false)]
    public void Action(string action, bool allowed) => Assert.Equal(allowed, Allows(Policy(Statement(action: action))));

    [Theory]
    [InlineData("\"" + Dest + "\"", true)]
    [InlineData("\"arn:aws:logs:us-east-1:999999999999:destination:*\"", true)]
    [InlineData("\"arn:aws:logs:*:999999999999:destination:test*\"", true)]
    [InlineData("\"*\"", true)]
    [InlineData(null, true)]
    [InlineData("\"arn:aws:logs:us-east-1:999999999999:destination:other\"", false)]
    [InlineData("\"arn:aws:logs:us-east-1:999999999999:destination:TESTDESTINATION\"", false)]
    public void Resource(string? resource, bool allowed) => Assert.Equal(allowed, Allows(Policy(Statement(resource: resource))));

    [Theory]
    [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":[\"o-1234567890\"]}}", "o-1234567890", true)]
    [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1234567890\"}}", "o-other", false)]
    [InlineData("{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-1234567890\"}}", null, false)]
    [InlineData("{\"StringEquals\":{\"aws:principalorgid\":\"o-1234567890\"}}", "o-1234567890", true)]
    [InlineData("{\"StringLike\":{\"aws:PrincipalOrgID\":\"o-12*\"}}", "o-1234567890", true)]
    [InlineData("{\"StringNotEquals\":{\"aws:PrincipalOrgID\":\"o-1234567890\"}}", null, true)]
    [InlineData("{\"StringEqualsIfExists\":{\"aws:PrincipalOrgID\":\"o-1234567890\"}}", null, true)]
    [InlineData("{\"ForAnyValue:StringEquals\":{\"aws:PrincipalOrgID\":[\"o-a\",\"o-1234567890\"]}}", "o-1234567890", true)]
    [InlineData("{\"StringEquals\":{\"aws:PrincipalAccount\":\"111111111111\"}}", null, true)]
    [InlineData("{\"StringEquals\":{\"aws:SourceVpc\":\"vpc-1\"}}", null, false)]
    public void Condition(string condition, string? org, bool allowed) =>
        Assert.Equal(allowed, Allows(Policy(Statement(principal: "\"*\"", condition: condition)), org: org));

    [Fact]
    public void Explicit_deny_wins_over_any_allow()
    {
        var policy = Policy(Statement(principal: "\"*\""), Statement("Deny", principal: "{\"AWS\":\"111111111111\"}", action: "\"logs:*\""));
        Assert.False(Allows(policy, "111111111111"));
        Assert.True(Allows(policy, "222222222222"));
    }

    [Fact]
    public void NotAction_NotResource_NotPrincipal()
    {
        Assert.True(Allows(Policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"NotAction\":\"logs:Delete*\",\"Resource\":\"*\"}")));
        Assert.False(Allows(Policy("{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"NotResource\":\"" + Dest + "\"}")));
        Assert.False(Allows(Policy(Statement(principal: "\"*\""), "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"222222222222\"},\"Action\":\"*\"}")));
        Assert.True(Allows(Policy(Statement(principal: "\"*\""), "{\"Effect\":\"Deny\",\"NotPrincipal\":{\"AWS\":\"111111111111\"},\"Action\":\"*\"}")));
    }

    [Fact]
    public void Single_statement_object_is_accepted()
    {
        Assert.True(Allows("{\"Statement\":" + Statement() + "}"));
    }

    [Fact]
    public void Deny_order_does_not_matter_and_no_allow_means_denied()
    {
        // Property: for any mix of statements about account A, the result is "some Allow applies and no Deny applies".
        var statement = Gen.Elements("Allow", "Deny").SelectMany(effect => Gen.Elements("111111111111", "222222222222", "*")
            .Select(principal => (Effect: effect, Principal: principal)));
        Check.One(s_config, Prop.ForAll(Arb.From(Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(statement, n))), statements =>
        {
            static bool Applies(string principal) => principal is "111111111111" or "*";
            var expected = statements.Any(s => s.Effect == "Allow" && Applies(s.Principal)) && !statements.Any(s => s.Effect == "Deny" && Applies(s.Principal));
            var json = Policy([.. statements.Select(s => Statement(s.Effect, principal: "{\"AWS\":\"" + s.Principal + "\"}"))]);
            return statements.Length == 0
                ? Throws(json)
                : Allows(json) == expected && Allows(Policy([.. statements.Reverse().Select(s => Statement(s.Effect, principal: "{\"AWS\":\"" + s.Principal + "\"}"))])) == expected;
        }));
    }

    [Fact]
    public void Wildcard_matches_like_a_regex_of_star_and_question_mark()
    {
        var alphabet = Gen.Elements('a', 'b', ':');
        var text = Gen.ArrayOf(alphabet).Select(c => new string(c));
        var pattern = Gen.ArrayOf(Gen.Elements('a', 'b', ':', '*', '?')).Select(c => new string(c));
        Check.One(s_config, Prop.ForAll(Arb.From(pattern.SelectMany(p => text.Select(t => (p, t)))), pair =>
        {
            var regex = "^" + string.Concat(pair.p.Select(c => c switch { '*' => ".*", '?' => ".", _ => System.Text.RegularExpressions.Regex.Escape(c.ToString()) })) + "$";
            return Wildcard.IsMatch(pair.p, pair.t, ignoreCase: false) == System.Text.RegularExpressions.Regex.IsMatch(pair.t, regex, System.Text.RegularExpressions.RegexOptions.Singleline);
        }));
    }

    private static bool Throws(string json)
    {
        try
        {
            AccessPolicy.Parse(json);
            return false;
        }
        catch (InvalidParameterException)
        {
            return true;
        }
    }
}
