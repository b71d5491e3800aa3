using Microsoft.AspNetCore.Http.Features;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.Keys;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>
/// /v2/account/keys: list (its own 10/60 s limit lives in RateLimiter), create, get/rename/delete
/// by id or fingerprint. A fingerprint is matched as sent: colons escaped as %3A name no key, since
/// godo sends them raw and nothing promises the service decodes them.
/// </summary>
public static class KeyEndpoints
{
    public static void MapKeys(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/account/keys", (HttpContext context, SandboxState state, SandboxUrls urls) =>
            Pagination.List(context, urls, "ssh_keys", state.ListKeys().Select(WireMapper.Key).ToList()));
        app.MapPost("/v2/account/keys", Create);
        // A key-lookup-lag fault: a key that is there answers 404 for a while, as a just-uploaded one can.
        app.MapGet("/v2/account/keys/{idOrFingerprint}", (HttpContext context, string idOrFingerprint, SandboxState state, FaultBook faults) =>
            !EscapedColons(context) && state.FindKey(idOrFingerprint) is { } key && faults.Take(FaultKind.KeyLookupLag) is null
                ? Envelope.One("ssh_key", WireMapper.Key(key))
                : ApiErrors.NotFound(context));
        app.MapPut("/v2/account/keys/{idOrFingerprint}", Rename);
        app.MapDelete("/v2/account/keys/{idOrFingerprint}", (HttpContext context, string idOrFingerprint, SandboxState state) =>
            !EscapedColons(context) && state.DeleteKey(idOrFingerprint) ? Results.NoContent() : ApiErrors.NotFound(context));
    }

    // The request line as the client sent it (Request.Path is already decoded).
    private static bool EscapedColons(HttpContext context) =>
        (context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "").Contains("%3A", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> Create(HttpContext context, SandboxState state)
    {
        var (request, error) = await JsonBody.ReadAsync<SshKeyRequest>(context);
        if (request is null)
            return error!;
        if (string.IsNullOrWhiteSpace(request.Name))
            return ApiErrors.Unprocessable(context, "Name can't be blank");
        if (request.PublicKey is null || SshPublicKey.Fingerprint(request.PublicKey) is not { } fingerprint)
            return ApiErrors.Unprocessable(context, SshPublicKey.InvalidMessage);
        return state.AddKey(request.Name, fingerprint, request.PublicKey.Trim()) is { } key
            ? Envelope.One("ssh_key", WireMapper.Key(key), StatusCodes.Status201Created)
            : ApiErrors.Unprocessable(context, "SSH Key is already in use on your account");
    }

    private static async Task<IResult> Rename(HttpContext context, string idOrFingerprint, SandboxState state)
    {
        if (EscapedColons(context) || state.FindKey(idOrFingerprint) is null)
            return ApiErrors.NotFound(context);
        var (request, error) = await JsonBody.ReadAsync<SshKeyRequest>(context);
        if (request is null)
            return error!;
        if (string.IsNullOrWhiteSpace(request.Name))
            return ApiErrors.Unprocessable(context, "Name can't be blank");
        return state.RenameKey(idOrFingerprint, request.Name) is { } key
            ? Envelope.One("ssh_key", WireMapper.Key(key))
            : ApiErrors.NotFound(context);
    }
}
