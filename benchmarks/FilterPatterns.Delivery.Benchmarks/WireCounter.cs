using System.Net.Http.Headers;
using System.Text;

namespace FilterPatterns.Delivery.Benchmarks;

/// <summary>
/// Counts what goes over the wire: HTTP/1.1 request and response bytes (request line or status line, headers, body),
/// reconstructed from the messages the way <see cref="SocketsHttpHandler"/> writes them.
/// </summary>
internal sealed class WireCounter : DelegatingHandler
{
    private long _requests;
    private long _requestBytes;
    private long _requestBodyBytes;
    private long _responseBytes;

    public WireCounter(HttpMessageHandler inner)
        : base(inner)
    {
    }

    public long Requests => Interlocked.Read(ref _requests);

    public long RequestBytes => Interlocked.Read(ref _requestBytes);

    public long RequestBodyBytes => Interlocked.Read(ref _requestBodyBytes);

    public long ResponseBytes => Interlocked.Read(ref _responseBytes);

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _requestBytes, 0);
        Interlocked.Exchange(ref _requestBodyBytes, 0);
        Interlocked.Exchange(ref _responseBytes, 0);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content?.Headers.ContentLength ?? 0;
        var head = $"{request.Method} {request.RequestUri!.PathAndQuery} HTTP/1.1\r\n".Length
            + $"Host: {request.RequestUri.Authority}\r\n".Length
            + HeaderBytes(request.Headers)
            + (request.Content is null ? 0 : HeaderBytes(request.Content.Headers))
            + 2;
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _requestBytes, head + body);
        Interlocked.Add(ref _requestBodyBytes, body);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var responseHead = $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\n".Length
            + HeaderBytes(response.Headers) + HeaderBytes(response.Content.Headers) + 2;
        Interlocked.Add(ref _responseBytes, responseHead + (response.Content.Headers.ContentLength ?? 0));
        return response;
    }

    private static int HeaderBytes(HttpHeaders headers)
    {
        var total = 0;
        foreach (var (name, values) in headers.NonValidated)
        {
            total += Encoding.ASCII.GetByteCount(name) + 2 + Encoding.UTF8.GetByteCount(values.ToString()) + 2;
        }

        return total;
    }
}
