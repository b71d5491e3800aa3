namespace SwarmTools.Sandbox.Http;

/// <summary>
/// The absolute base URL the server is bound to. Links are built from it rather than from the
/// Host header, so they always read http://127.0.0.1:port like the spec's absolute URLs.
/// </summary>
public sealed class SandboxUrls
{
    private string _baseUrl = "http://127.0.0.1";

    public string BaseUrl => Volatile.Read(ref _baseUrl);

    public void SetBound(int port) => Volatile.Write(ref _baseUrl, $"http://127.0.0.1:{port}");

    public string Absolute(string pathAndQuery) => BaseUrl + pathAndQuery;
}
