using Amazon.Runtime;
using FilterPatterns.Destinations.Aws.Credentials;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>Shared set-up for tests against <see cref="FakeAwsServer"/>.</summary>
internal static class FakeAws
{
    public const string Region = "eu-west-1";
    public const string AccessKey = "ASIATESTACCESSKEY";
    public const string SecretKey = "test/secret+key";
    public const string SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN//+==";

    public static readonly IReadOnlyDictionary<string, ImmutableCredentials> Keys = new Dictionary<string, ImmutableCredentials>
    {
        [AccessKey] = new(AccessKey, SecretKey, SessionToken),
    };

    public static FakeAwsServer Start(string service, Func<ReceivedRequest, FakeResponse> handler) =>
        new(handler, new SigV4Verifier.Expectation(service, Region, Keys, TimeProvider.System));

    public static AwsClientOptions Options(FakeAwsServer server, TimeSpan? timeout = null, string? secret = null) => new()
    {
        Endpoint = server.Endpoint,
        Region = Region,
        Credentials = new StaticCredentialsProvider(AccessKey, secret ?? SecretKey, SessionToken),
        Timeout = timeout ?? TimeSpan.FromSeconds(10),
    };

    /// <summary>A loopback port with nothing listening on it.</summary>
    public static Uri ClosedEndpoint()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }
}
