using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>GET /v2/actions and /v2/actions/{id} (droplet actions are listed in DropletEndpoints).</summary>
public static class ActionEndpoints
{
    public static void MapActions(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v2/actions", (HttpContext context, SandboxState state, WireMapper wire, SandboxUrls urls) =>
            Pagination.List(context, urls, "actions", state.ListActions().Select(wire.Action).ToList()));

        app.MapGet("/v2/actions/{id}", (HttpContext context, string id, SandboxState state, WireMapper wire, FaultBook faults) =>
            long.TryParse(id, out var actionId) && state.FindAction(actionId) is { } action
                // The service can 404 a create action it has just listed in links.actions; tests arm that here.
                && !(action.Type == "create" && action.ResourceId is long droplet && faults.TakeAfterCreate(FaultKind.ActionNotFoundAfterCreate, droplet))
                ? Envelope.One("action", wire.Action(action))
                : ApiErrors.NotFound(context));
    }
}
