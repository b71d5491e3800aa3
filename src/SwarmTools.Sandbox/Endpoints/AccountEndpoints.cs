using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>GET /v2/account.</summary>
public static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app) =>
        app.MapGet("/v2/account", (ReferenceData reference) => Envelope.One("account", reference.Account));
}
