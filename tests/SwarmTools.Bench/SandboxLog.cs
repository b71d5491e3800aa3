using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SwarmTools.Engine.LocalSandbox;

namespace SwarmTools.Bench;

/// <summary>One API request as the sandbox journaled it.</summary>
public sealed record ApiRequest(string Method, string Path, string Query, int Status, DateTime At, string? ResponseBody)
{
    public bool IsCreate => Method == "POST" && Path == "/v2/droplets";
    public bool IsDropletList => Method == "GET" && Path == "/v2/droplets";
    public bool IsDropletById => Method == "GET" && Path.StartsWith("/v2/droplets/", StringComparison.Ordinal);
}

/// <summary>A droplet as the sandbox knows it; <see cref="Statedir"/> is its lab host's directory (null API-only).</summary>
public sealed record SandboxDropletFacts(long Id, string Name, string? Statedir);

/// <summary>The sandbox's control API (/_sandbox): the request journal and its droplets' hosts.</summary>
public sealed class SandboxLog(SandboxServer server) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = server.ApiUrl,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", server.Token) },
    };

    public async Task<List<ApiRequest>> RequestsAsync()
    {
        var list = JsonNode.Parse(await _http.GetStringAsync("_sandbox/requests"))!["requests"]!.AsArray();
        return list.Select(n => new ApiRequest((string)n!["method"]!, (string)n["path"]!, (string?)n["query"] ?? "", (int)n["status"]!,
            DateTime.Parse((string)n["at"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            (string?)n["response_body"])).ToList();
    }

    public async Task ClearRequestsAsync() => (await _http.DeleteAsync("_sandbox/requests")).EnsureSuccessStatusCode();

    public async Task<List<SandboxDropletFacts>> DropletsAsync()
    {
        var list = JsonNode.Parse(await _http.GetStringAsync("_sandbox/droplets"))!["droplets"]!.AsArray();
        return list.Select(n => new SandboxDropletFacts((long)n!["id"]!, (string)n["name"]!, (string?)n["lab"]?["statedir"])).ToList();
    }

    /// <summary>Deletes a tag's droplets in one request (DELETE /v2/droplets?tag_name=), to clear up between scenarios.</summary>
    public async Task DeleteTaggedAsync(string tag) =>
        (await _http.DeleteAsync("v2/droplets?tag_name=" + Uri.EscapeDataString(tag))).EnsureSuccessStatusCode();

    public async Task ResetAsync() => (await _http.PostAsync("_sandbox/reset", null)).EnsureSuccessStatusCode();

    public void Dispose() => _http.Dispose();
}
