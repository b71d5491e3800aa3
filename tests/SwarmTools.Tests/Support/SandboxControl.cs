using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmTools.Tests.Support;

/// <summary>The sandbox's test-only control API (/_sandbox/): faults and the request log.</summary>
public sealed class SandboxControl : IDisposable
{
    private readonly HttpClient _http;

    public SandboxControl(Uri apiUrl, string token)
    {
        _http = new HttpClient { BaseAddress = apiUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task FaultAsync(object fault)
    {
        var response = await _http.PostAsJsonAsync("_sandbox/faults", fault);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Arms a fault and returns the raw answer: its status and body (the armed fault, or the 422 error).</summary>
    public async Task<(int Status, JsonNode Body)> TryFaultAsync(object fault)
    {
        var response = await _http.PostAsJsonAsync("_sandbox/faults", fault);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async Task<JsonArray> FaultsAsync() =>
        JsonNode.Parse(await _http.GetStringAsync("_sandbox/faults"))!["faults"]!.AsArray();

    /// <summary>A custom-scoped token for /v2 (the sandbox answers 403 beyond its scopes).</summary>
    public async Task<string> MintTokenAsync(params string[] scopes)
    {
        var response = await _http.PostAsJsonAsync("_sandbox/tokens", new { scopes });
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!["token"]!;
    }

    /// <summary>A minted token stops working: the sandbox answers it 401, as DigitalOcean does a revoked or expired one.</summary>
    public async Task RevokeTokenAsync(string token) =>
        (await _http.PostAsJsonAsync("_sandbox/tokens/revoke", new { token })).EnsureSuccessStatusCode();

    public async Task ClearFaultsAsync() => (await _http.DeleteAsync("_sandbox/faults")).EnsureSuccessStatusCode();

    public async Task<List<LoggedRequest>> RequestsAsync()
    {
        var json = await _http.GetStringAsync("_sandbox/requests");
        var list = JsonNode.Parse(json)!["requests"]!.AsArray();
        return list.Select(n => new LoggedRequest(
            (string)n!["method"]!, (string)n["path"]!, (string?)n["query"] ?? "", (int)n["status"]!,
            (string?)n["request_body"], (string?)n["response_body"])).ToList();
    }

    /// <summary>A mark in the log; <see cref="RequestsSinceAsync"/> returns what came after it.</summary>
    public async Task<int> MarkAsync() => (await RequestsAsync()).Count;

    public async Task<List<LoggedRequest>> RequestsSinceAsync(int mark) => (await RequestsAsync()).Skip(mark).ToList();

    /// <summary>The sandbox's own view of its droplets (lab facts included: netns, host key fingerprints).</summary>
    public async Task<JsonArray> DropletsAsync() =>
        JsonNode.Parse(await _http.GetStringAsync("_sandbox/droplets"))!["droplets"]!.AsArray();

    public void Dispose() => _http.Dispose();
}

public sealed record LoggedRequest(string Method, string Path, string Query, int Status, string? RequestBody, string? ResponseBody)
{
    public override string ToString() => $"{Method} {Path}{(Query.Length > 0 ? "?" + Query.TrimStart('?') : "")} {Status}";
}
