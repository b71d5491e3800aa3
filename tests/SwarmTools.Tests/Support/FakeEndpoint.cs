using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SwarmTools.Tests.Support;

/// <summary>
/// A hostile or foreign HTTP endpoint on loopback: answers every request as the test says and
/// records what it was sent (the Authorization header included), for the cases the sandbox must
/// never produce itself (a "*" address, a link to another origin).
/// </summary>
public sealed class FakeEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, (int Status, string Body, string? Location)> _answer;

    public FakeEndpoint(Func<HttpListenerRequest, (int Status, string Body, string? Location)> answer)
    {
        _answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public Uri Url { get; }
    public ConcurrentQueue<(string Method, string PathAndQuery, string? Authorization)> Requests { get; } = new();
    public ConcurrentQueue<string?> UserAgents { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            Requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.Headers["Authorization"]));
            UserAgents.Enqueue(context.Request.UserAgent);
            var (status, body, location) = _answer(context.Request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (location != null) context.Response.RedirectLocation = location;
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();
}
