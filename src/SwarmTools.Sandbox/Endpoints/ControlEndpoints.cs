using System.Text.Json;
using SwarmTools.Sandbox.Droplets;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Hosts;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.Middleware;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>
/// The test-support API under /_sandbox (same bearer token; never journaled, never rate limited):
/// faults, the request journal, custom-scoped tokens, reset, and the droplets' internal state for the lab and tests.
/// </summary>
public static class ControlEndpoints
{
    public static void MapControl(this IEndpointRouteBuilder app)
    {
        app.MapPost("/_sandbox/faults", ArmFault);
        app.MapGet("/_sandbox/faults", (FaultBook faults) => Envelope.One("faults", faults.List()));
        app.MapDelete("/_sandbox/faults", (FaultBook faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        app.MapGet("/_sandbox/requests", (RequestJournal journal) => Envelope.One("requests", journal.List()));
        app.MapDelete("/_sandbox/requests", (RequestJournal journal) =>
        {
            journal.Clear();
            return Results.NoContent();
        });

        app.MapPost("/_sandbox/tokens", MintToken);
        app.MapPost("/_sandbox/tokens/revoke", RevokeToken);
        app.MapPost("/_sandbox/reset", Reset);
        app.MapGet("/_sandbox/droplets", (SandboxState state, IDropletHosts hosts) =>
            Envelope.One("droplets", state.ListDroplets().Select(d => Describe(d, hosts)).ToList()));
    }

    // In lab mode each droplet also carries `lab`: its host (LabHostFacts). api mode answers as before.
    private static object Describe(SandboxDroplet droplet, IDropletHosts hosts)
    {
        droplet = droplet with { UserData = PrivateKeys.Redact(droplet.UserData) };
        if (hosts.Describe(droplet) is not { } lab)
            return droplet;
        var node = JsonSerializer.SerializeToNode(droplet, SandboxJson.Options)!.AsObject();
        node["lab"] = JsonSerializer.SerializeToNode(lab, SandboxJson.Options);
        return node;
    }

    private static async Task<IResult> ArmFault(HttpContext context, FaultBook faults, SandboxState state)
    {
        var (request, error) = await JsonBody.ReadAsync<FaultRequest>(context, SandboxJson.ControlInput);
        if (request is null)
            return error!;
        var (fault, problem) = faults.Arm(request, state.LastDropletId);
        return fault is null
            ? ApiErrors.Unprocessable(context, problem!)
            : Envelope.One("fault", fault, StatusCodes.Status201Created);
    }

    // {scopes: ["droplet:read", …]} → 201 {token: {token, scopes}}: a custom-scoped token for /v2.
    private static async Task<IResult> MintToken(HttpContext context, TokenBook tokens)
    {
        var (request, error) = await JsonBody.ReadAsync<TokenRequest>(context, SandboxJson.ControlInput);
        if (request is null)
            return error!;
        if (request.Scopes is not { Count: > 0 } scopes)
            return ApiErrors.Unprocessable(context, "scopes needs at least one scope, e.g. [\"droplet:read\"].");
        var token = tokens.Mint(scopes);
        return Envelope.One("token", new { token, scopes = Scopes.Normalize(scopes).Order().ToList() }, StatusCodes.Status201Created);
    }

    // A revoked (or expired) token is answered 401 from then on, as the service does. In the body: never in a URL.
    private static async Task<IResult> RevokeToken(HttpContext context, TokenBook tokens)
    {
        var (request, error) = await JsonBody.ReadAsync<RevokeRequest>(context, SandboxJson.ControlInput);
        if (request is null)
            return error!;
        return request.Token is { Length: > 0 } token && tokens.Revoke(token)
            ? Results.NoContent()
            : ApiErrors.NotFound(context);
    }

    private sealed record TokenRequest(IReadOnlyList<string>? Scopes);

    private sealed record RevokeRequest(string? Token);

    // Droplets go through the hosts first so a lab leaves nothing behind.
    private static async Task<IResult> Reset(
        SandboxState state, DropletLifecycle lifecycle, FaultBook faults, RequestJournal journal, RateWindows windows)
    {
        faults.Clear();
        await lifecycle.DestroyAllAsync();
        state.ClearAll();
        journal.Clear();
        windows.Clear();
        return Results.NoContent();
    }
}
