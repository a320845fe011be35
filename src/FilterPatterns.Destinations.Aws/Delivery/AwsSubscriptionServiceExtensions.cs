using FilterPatterns.Subscriptions;

namespace FilterPatterns.Destinations.Aws;

/// <summary>Wires <see cref="AwsDestinations"/> into a <see cref="SubscriptionService"/>.</summary>
public static class AwsSubscriptionServiceExtensions
{
    /// <summary>
    /// Delivers the service's Kinesis, Firehose and Lambda targets over the network (targets registered exactly with
    /// <see cref="DestinationRouter.Register"/> keep their adapter). The credentials grace period is measured with the
    /// service's clock unless <see cref="AwsDestinationOptions.TimeProvider"/> is set.
    /// </summary>
    /// <param name="service">The service.</param>
    /// <param name="options">Endpoints, credentials and timeouts; <see langword="null"/> for AWS's endpoints and the default credential chain.</param>
    /// <returns>The new <see cref="AwsDestinations"/>; dispose it after the service.</returns>
    public static AwsDestinations UseAwsDestinations(this SubscriptionService service, AwsDestinationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        options ??= new AwsDestinationOptions();
        var destinations = new AwsDestinations(options with { TimeProvider = options.TimeProvider ?? service.Options.TimeProvider });
        destinations.Register(service.Destinations);
        return destinations;
    }

    /// <summary>Delivers the service's Kinesis, Firehose and Lambda targets through <paramref name="destinations"/>.</summary>
    /// <param name="service">The service.</param>
    /// <param name="destinations">The adapters' shared resources; dispose them after the service.</param>
    /// <returns>The service, for chaining.</returns>
    public static SubscriptionService UseAwsDestinations(this SubscriptionService service, AwsDestinations destinations)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(destinations);
        destinations.Register(service.Destinations);
        return service;
    }
}
