using FilterPatterns.Subscriptions.Arns;
using FilterPatterns.Subscriptions.State;
using FilterPatterns.Subscriptions.Validation;

namespace FilterPatterns.Subscriptions;

public sealed partial class CloudWatchLogsClient
{
    /// <summary>Subscription filters per log group (AWS quota).</summary>
    public const int MaxSubscriptionFiltersPerLogGroup = 2;

    private static readonly string[] s_systemFields = ["@aws.account", "@aws.region", "@source.log"];

    /// <summary>
    /// <c>PutSubscriptionFilter</c>: creates or (same name) updates a filter on a log group. The pattern is compiled once,
    /// here. A new Kinesis or Firehose destination receives a CONTROL_MESSAGE.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidParameterException">A parameter or the pattern is invalid, Kinesis/Firehose lacks a role, or the logical destination is in another region.</exception>
    /// <exception cref="AccessDeniedException">A Lambda (or stream) of another account, or a logical destination whose policy does not allow this account.</exception>
    /// <exception cref="ResourceNotFoundException">The log group or the logical destination does not exist.</exception>
    /// <exception cref="LimitExceededException">The group has two filters and the name is new.</exception>
    /// <exception cref="OperationAbortedException">Another request is updating the group's filters.</exception>
    public void PutSubscriptionFilter(PutSubscriptionFilterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // 1. Request validation: every constraint of the API model, reported together.
        var v = new RequestValidator();
        v.RequiredLogGroupName("logGroupName", request.LogGroupName);

        v.RequiredName("filterName", request.FilterName);

        if (v.Required("filterPattern", request.FilterPattern))
        {
            v.Length("filterPattern", request.FilterPattern, 0, 1024);
        }

        if (v.Required("destinationArn", request.DestinationArn))
        {
            v.Length("destinationArn", request.DestinationArn, 1);
        }

        v.Length("roleArn", request.RoleArn, 1);
        v.Enum("distribution", request.Distribution, Distribution.Random, Distribution.ByLogStream);
        v.Length("fieldSelectionCriteria", request.FieldSelectionCriteria, 0, 2000);
        if (request.EmitSystemFields is { } fields)
        {
            for (var i = 0; i < fields.Count; i++)
            {
                v.Enum($"emitSystemFields.{i + 1}.member", fields[i], s_systemFields);
            }
        }

        v.ThrowIfInvalid();

        // 2. The pattern: compiled once, for every event this filter will see.
        var matches = Compile(request.FilterPattern!);

        // 3. The destination, before the log group: AWS answers AccessDenied for a cross-account Lambda even when the
        //    group does not exist either.
        if (!ResourceArn.TryParseDestination(request.DestinationArn, out var destinationArn, out var arn, out var type))
        {
            throw new InvalidParameterException(
                $"Invalid destinationArn '{request.DestinationArn}': expected a Kinesis stream, Firehose stream, Lambda function or CloudWatch Logs destination ARN.");
        }

        if (type != DestinationType.LogicalDestination && arn.Account != _region.Account)
        {
            throw new AccessDeniedException(type == DestinationType.Lambda
                ? "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create cross account lambda triggers."
                : $"Cross-account {DestinationTypes.Vendor(type)} delivery is not allowed. You must use DestinationPolicies to create cross account subscriptions.");
        }

        if (type is DestinationType.Kinesis or DestinationType.Firehose && request.RoleArn is null)
        {
            throw new InvalidParameterException($"destinationArn for vendor {DestinationTypes.Vendor(type)} cannot be used without roleArn");
        }

        // 4. The log group.
        var group = GetLogGroup(request.LogGroupName!);

        // 5. Where records will go: a logical destination must exist in this region and allow this account.
        Route route;
        if (type == DestinationType.LogicalDestination)
        {
            if (arn.Region != _region.Region)
            {
                throw new InvalidParameterException(
                    $"The destination '{destinationArn}' is in region {arn.Region}; a log group can only subscribe to a destination in its own region ({_region.Region}).");
            }

            if (_service.FindDestination(arn) is not { } destination)
            {
                throw new ResourceNotFoundException("The specified destination does not exist.");
            }

            if (!_service.IsAllowed(destination, _region.Account))
            {
                throw new AccessDeniedException(SubscriptionService.NotAuthorized(_region.Account, destinationArn));
            }

            route = new Route(destination.Description.TargetArn, destination.TargetType);
        }
        else
        {
            route = new Route(destinationArn, type);
        }

        if (!_service.Destinations.TryResolve(route.TargetArn, route.TargetType, out _))
        {
            throw new InvalidParameterException("Could not deliver test message to specified destination. Check if the destination is valid.");
        }

        // 6. Quota and update, one updater at a time.
        FilterRuntime runtime;
        bool destinationChanged;
        EnterOrAbort(group.UpdateGate);
        try
        {
            var filters = group.Filters;
            var index = Array.FindIndex(filters, f => f.FilterName == request.FilterName);
            if (index < 0 && filters.Length >= MaxSubscriptionFiltersPerLogGroup)
            {
                throw new LimitExceededException("Resource limit exceeded.");
            }

            var description = new SubscriptionFilter
            {
                FilterName = request.FilterName!,
                LogGroupName = group.Name,
                FilterPattern = request.FilterPattern!,
                DestinationArn = destinationArn,
                RoleArn = request.RoleArn,
                Distribution = request.Distribution ?? Distribution.ByLogStream,
                ApplyOnTransformedLogs = request.ApplyOnTransformedLogs ?? false,
                CreationTime = index >= 0 ? filters[index].Description.CreationTime : NowMillis,
                FieldSelectionCriteria = request.FieldSelectionCriteria,
                EmitSystemFields = request.EmitSystemFields?.ToArray(),
            };
            runtime = new FilterRuntime(description, matches, _region, type);
            destinationChanged = index < 0 || filters[index].Description.DestinationArn != destinationArn;
            var updated = index >= 0 ? filters.Where((_, i) => i != index).Append(runtime) : filters.Append(runtime);
            group.Filters = [.. updated.OrderBy(f => f.FilterName, StringComparer.Ordinal)];
        }
        finally
        {
            group.UpdateGate.Release();
        }

        if (destinationChanged)
        {
            SendControlMessage(runtime, destinationArn, route, group.Name);
        }
    }

    /// <summary><c>DescribeSubscriptionFilters</c>: the group's filters in ASCII order of name, optionally by prefix, in pages.</summary>
    /// <param name="request">The request.</param>
    /// <returns>One page.</returns>
    /// <exception cref="InvalidParameterException">A parameter is invalid.</exception>
    /// <exception cref="ResourceNotFoundException">The log group does not exist.</exception>
    public DescribeSubscriptionFiltersResponse DescribeSubscriptionFilters(DescribeSubscriptionFiltersRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredLogGroupName("logGroupName", request.LogGroupName);

        v.Length("filterNamePrefix", request.FilterNamePrefix, 1, 512).NoColonOrStar("filterNamePrefix", request.FilterNamePrefix);
        v.Length("nextToken", request.NextToken, 1);
        v.Range("limit", request.Limit, 1, 50);
        v.ThrowIfInvalid();
        var group = GetLogGroup(request.LogGroupName!);
        var prefix = request.FilterNamePrefix ?? string.Empty;
        var sorted = group.Filters.Select(f => f.Description).Where(f => f.FilterName.StartsWith(prefix, StringComparison.Ordinal));
        var (page, next) = Paginate(sorted, f => f.FilterName, request.NextToken, request.Limit);
        return new DescribeSubscriptionFiltersResponse(page, next);
    }

    /// <summary><c>DeleteSubscriptionFilter</c>. Records already queued for the filter are still delivered.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidParameterException">A parameter is invalid.</exception>
    /// <exception cref="ResourceNotFoundException">The log group or the filter does not exist.</exception>
    /// <exception cref="OperationAbortedException">Another request is updating the group's filters.</exception>
    public void DeleteSubscriptionFilter(DeleteSubscriptionFilterRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredLogGroupName("logGroupName", request.LogGroupName);

        v.RequiredName("filterName", request.FilterName);

        v.ThrowIfInvalid();
        var group = GetLogGroup(request.LogGroupName!);
        EnterOrAbort(group.UpdateGate);
        try
        {
            var filters = group.Filters;
            if (!filters.Any(f => f.FilterName == request.FilterName))
            {
                throw new ResourceNotFoundException("The specified subscription filter does not exist.");
            }

            group.Filters = filters.Where(f => f.FilterName != request.FilterName).ToArray();
        }
        finally
        {
            group.UpdateGate.Release();
        }
    }

    private static EventPredicate Compile(string pattern) => ParsePattern(pattern).IsMatch;
}
