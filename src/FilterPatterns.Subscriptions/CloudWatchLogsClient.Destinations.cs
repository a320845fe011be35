using FilterPatterns.Subscriptions.Arns;
using FilterPatterns.Subscriptions.Delivery;
using FilterPatterns.Subscriptions.Policies;
using FilterPatterns.Subscriptions.State;
using FilterPatterns.Subscriptions.Validation;

namespace FilterPatterns.Subscriptions;

public sealed partial class CloudWatchLogsClient
{
    /// <summary>
    /// <c>PutDestination</c>: creates or updates a logical destination in front of a Kinesis or Firehose stream. On creation
    /// the target receives a CONTROL_MESSAGE. An update keeps the access policy and creation time.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The destination as stored.</returns>
    /// <exception cref="InvalidParameterException">A parameter is invalid, or no adapter ships to the target.</exception>
    /// <exception cref="OperationAbortedException">Another request is updating the same destination.</exception>
    public PutDestinationResponse PutDestination(PutDestinationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredName("destinationName", request.DestinationName);

        if (v.Required("targetArn", request.TargetArn))
        {
            v.Length("targetArn", request.TargetArn, 1);
        }

        if (v.Required("roleArn", request.RoleArn))
        {
            v.Length("roleArn", request.RoleArn, 1);
        }

        if (request.Tags is not null)
        {
            v.Count("tags", request.Tags, 1, 50);
        }

        v.ThrowIfInvalid();
        if (!ResourceArn.TryParseDestination(request.TargetArn, out var targetArn, out _, out var targetType)
            || targetType is not (DestinationType.Kinesis or DestinationType.Firehose))
        {
            throw new InvalidParameterException($"Invalid targetArn '{request.TargetArn}': a destination delivers to a Kinesis or Firehose stream.");
        }

        if (!_service.Destinations.TryResolve(targetArn, targetType, out _))
        {
            throw new InvalidParameterException("Could not deliver test message to specified destination. Check if the destination is valid.");
        }

        var slot = _region.Destinations.GetOrAdd(request.DestinationName!, static _ => new DestinationSlot());
        EnterOrAbort(slot.UpdateGate);
        DestinationState state;
        bool targetChanged;
        try
        {
            var existing = slot.Current;
            targetChanged = existing?.Description.TargetArn != targetArn;
            var description = new Destination
            {
                DestinationName = request.DestinationName!,
                TargetArn = targetArn,
                RoleArn = request.RoleArn!,
                AccessPolicy = existing?.Description.AccessPolicy,
                Arn = ResourceArn.ForDestination(_region.Partition, _region.Region, _region.Account, request.DestinationName!),
                CreationTime = existing?.Description.CreationTime ?? NowMillis,
            };
            state = new DestinationState(description, targetType, existing?.Policy);
            slot.Current = state;
        }
        finally
        {
            slot.UpdateGate.Release();
        }

        if (targetChanged)
        {
            SendControlMessage(null, state.Description.Arn, new Route(targetArn, targetType), string.Empty);
        }

        return new PutDestinationResponse(state.Description);
    }

    /// <summary>
    /// <c>PutDestinationPolicy</c>: sets the access policy that says which accounts may subscribe. Replacing it takes
    /// effect at once for new filters and for the delivery of existing ones.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidParameterException">A parameter or the policy is invalid, or a grant to individual accounts is replaced by a grant to an organisation without <c>forceUpdate</c>.</exception>
    /// <exception cref="ResourceNotFoundException">The destination does not exist (AWS leaves this code undocumented).</exception>
    /// <exception cref="OperationAbortedException">Another request is updating the same destination.</exception>
    public void PutDestinationPolicy(PutDestinationPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredName("destinationName", request.DestinationName);

        if (v.Required("accessPolicy", request.AccessPolicy))
        {
            v.Length("accessPolicy", request.AccessPolicy, 1);
        }

        v.ThrowIfInvalid();
        var policy = AccessPolicy.Parse(request.AccessPolicy!);
        if (!_region.Destinations.TryGetValue(request.DestinationName!, out var slot) || slot.Current is null)
        {
            throw new ResourceNotFoundException("The specified destination does not exist.");
        }

        EnterOrAbort(slot.UpdateGate);
        try
        {
            var existing = slot.Current ?? throw new ResourceNotFoundException("The specified destination does not exist.");
            if (existing.Policy is { GrantsByAccount: true } old && policy.GrantsByOrganization && !old.GrantsByOrganization && request.ForceUpdate != true)
            {
                throw new InvalidParameterException(
                    "Replacing account grants with an organization grant requires forceUpdate: update the senders' subscription filters with a role first, then call PutDestinationPolicy with forceUpdate set to true.");
            }

            slot.Current = existing with
            {
                Description = existing.Description with { AccessPolicy = request.AccessPolicy },
                Policy = policy,
            };
        }
        finally
        {
            slot.UpdateGate.Release();
        }
    }

    /// <summary><c>DescribeDestinations</c>: this account's destinations in ASCII order of name, optionally by prefix, in pages.</summary>
    /// <param name="request">The request.</param>
    /// <returns>One page.</returns>
    /// <exception cref="InvalidParameterException">A parameter is invalid.</exception>
    public DescribeDestinationsResponse DescribeDestinations(DescribeDestinationsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.Length("DestinationNamePrefix", request.DestinationNamePrefix, 1, 512).NoColonOrStar("DestinationNamePrefix", request.DestinationNamePrefix);
        v.Length("nextToken", request.NextToken, 1);
        v.Range("limit", request.Limit, 1, 50);
        v.ThrowIfInvalid();
        var prefix = request.DestinationNamePrefix ?? string.Empty;
        var sorted = _region.Destinations
            .Select(kv => kv.Value.Current?.Description)
            .OfType<Destination>()
            .Where(d => d.DestinationName.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(d => d.DestinationName, StringComparer.Ordinal);
        var (page, next) = Paginate(sorted, d => d.DestinationName, request.NextToken, request.Limit);
        return new DescribeDestinationsResponse(page, next);
    }

    /// <summary>
    /// <c>DeleteDestination</c>. Filters that pointed at it stay, but their events are no longer delivered: each is then
    /// reported as given up (ResourceNotFoundException) and the filter is disabled for the window.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <exception cref="InvalidParameterException">The name is invalid.</exception>
    /// <exception cref="ResourceNotFoundException">The destination does not exist.</exception>
    /// <exception cref="OperationAbortedException">Another request is updating the same destination.</exception>
    public void DeleteDestination(DeleteDestinationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var v = new RequestValidator();
        v.RequiredName("destinationName", request.DestinationName);

        v.ThrowIfInvalid();
        if (!_region.Destinations.TryGetValue(request.DestinationName!, out var slot) || slot.Current is null)
        {
            throw new ResourceNotFoundException("The specified destination does not exist.");
        }

        EnterOrAbort(slot.UpdateGate);
        try
        {
            if (slot.Current is null)
            {
                throw new ResourceNotFoundException("The specified destination does not exist.");
            }

            slot.Current = null;
        }
        finally
        {
            slot.UpdateGate.Release();
        }
    }

    /// <summary>Queues a CONTROL_MESSAGE for a Kinesis or Firehose target without waiting for room.</summary>
    private void SendControlMessage(FilterRuntime? filter, string destinationArn, Route route, string logGroupName)
    {
        if (!DestinationTypes.ReceivesControlMessages(route.TargetType))
        {
            return;
        }

        var message = SubscriptionMessage.CreateControlMessage(route.TargetType, NowMillis);
        var record = new DeliveryRecord(message, SubscriptionPayload.Encode(message), Guid.NewGuid().ToString("N"), destinationArn);
        var dimensions = filter?.Dimensions(route.TargetType) ?? new MetricDimensions(logGroupName, DestinationTypes.MetricDimension(route.TargetType), string.Empty);
        _service.Pipeline.EnqueueNow(new PendingRecord(record, filter, dimensions), route);
    }
}
