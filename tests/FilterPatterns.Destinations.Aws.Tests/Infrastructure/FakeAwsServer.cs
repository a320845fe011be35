using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FilterPatterns.Destinations.Aws.Tests.Infrastructure;

/// <summary>A request as it arrived at <see cref="FakeAwsServer"/>, with the verdict of <see cref="SigV4Verifier"/>.</summary>
internal sealed record ReceivedRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>Null when the signature checked out; else the reason.</summary>
    public string? SignatureError { get; set; }

    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>What <see cref="FakeAwsServer"/> answers.</summary>
internal sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    /// <summary>Wait this long before answering (to provoke client timeouts).</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Close the connection instead of answering.</summary>
    public bool Abort { get; init; }

    public static FakeResponse Json(int status, string body) =>
        new(status, body, new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1" });

    /// <summary>An AWS JSON-protocol error, as Kinesis and Firehose send them.</summary>
    public static FakeResponse AwsJsonError(int status, string type, string message) =>
        new(status, $$"""{"__type":"{{type}}","message":"{{message}}"}""", new Dictionary<string, string> { ["Content-Type"] = "application/x-amz-json-1.1" });

    /// <summary>An AWS REST-JSON error, as Lambda sends them.</summary>
    public static FakeResponse RestJsonError(int status, string type, string message) =>
        new(status, $$"""{"Type":"User","message":"{{message}}"}""", new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["x-amzn-ErrorType"] = type,
        });
}

/// <summary>
/// A small HTTP/1.1 server on 127.0.0.1 (raw <see cref="TcpListener"/>, keep-alive, Content-Length bodies) standing in
/// for an AWS endpoint that has no emulator. It records each request, checks its signature, and answers with
/// whatever the test's handler returns.
/// </summary>
internal sealed class FakeAwsServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ReceivedRequest, FakeResponse> _handler;
    private readonly SigV4Verifier.Expectation? _expectation;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentBag<Task> _connections = [];

    public FakeAwsServer(Func<ReceivedRequest, FakeResponse> handler, SigV4Verifier.Expectation? expectation)
    {
        _handler = handler;
        _expectation = expectation;
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = AcceptLoopAsync();
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(_connections).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new ByteReader(stream);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var requestLine = await reader.ReadLineAsync(_stop.Token);
                if (requestLine is null)
                {
                    return;
                }

                var parts = requestLine.Split(' ');
                var headers = new List<KeyValuePair<string, string>>();
                string? line;
                while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync(_stop.Token)))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
                }

                var length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                    .Select(h => int.Parse(h.Value, CultureInfo.InvariantCulture)).FirstOrDefault();
                var body = await reader.ReadBytesAsync(length, _stop.Token);
                var request = new ReceivedRequest(parts[0], parts[1], headers, body);
                if (_expectation is not null)
                {
                    request.SignatureError = SigV4Verifier.Verify(request, _expectation);
                }

                Requests.Enqueue(request);
                FakeResponse response;
                try
                {
                    response = request.SignatureError is null || _expectation is null
                        ? _handler(request)
                        : FakeResponse.AwsJsonError(403, "InvalidSignatureException", "The request signature we calculated does not match the signature you provided.");
                }
                catch (Exception ex)
                {
                    response = FakeResponse.AwsJsonError(500, "TestHandlerFailure", ex.Message.Replace('"', '\''));
                }

                if (response.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(response.Delay, _stop.Token);
                }

                if (response.Abort)
                {
                    client.Client.LingerState = new LingerOption(true, 0); // RST, as a reset connection
                    return;
                }

                var payload = Encoding.UTF8.GetBytes(response.Body ?? "");
                var head = new StringBuilder();
                head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {Reason(response.Status)}\r\n");
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {payload.Length}\r\n");
                head.Append(CultureInfo.InvariantCulture, $"x-amzn-RequestId: {Guid.NewGuid()}\r\n");
                foreach (var (name, value) in response.Headers ?? new Dictionary<string, string>())
                {
                    head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                await stream.WriteAsync(payload, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };

    private sealed class ByteReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[16 * 1024];
        private int _start;
        private int _end;

        public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    return line.Count == 0 ? null : Encoding.UTF8.GetString([.. line]);
                }

                var b = _buffer[_start++];
                if (b == '\n')
                {
                    if (line.Count > 0 && line[^1] == '\r')
                    {
                        line.RemoveAt(line.Count - 1);
                    }

                    return Encoding.UTF8.GetString([.. line]);
                }

                line.Add(b);
            }
        }

        public async Task<byte[]> ReadBytesAsync(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (_start == _end && !await FillAsync(cancellationToken))
                {
                    throw new IOException("connection closed inside a body");
                }

                var n = Math.Min(count - filled, _end - _start);
                Array.Copy(_buffer, _start, result, filled, n);
                _start += n;
                filled += n;
            }

            return result;
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            _start = 0;
            _end = await stream.ReadAsync(_buffer, cancellationToken);
            return _end > 0;
        }
    }
}
