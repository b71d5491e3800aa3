using SwarmTools.Sandbox.Droplets;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>
/// POST /v2/droplets/{id}/actions (201, the action `in-progress`) for the power actions, and
/// GET /v2/droplets/{id}/actions/{action_id}. A droplet still `new` or with an action running
/// answers 422 "Droplet already has a pending event.", as DigitalOcean does.
/// </summary>
public static class DropletActionEndpoints
{
    public static void MapDropletActions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/droplets/{id}/actions", Post);
        app.MapGet("/v2/droplets/{id}/actions/{actionId}", (HttpContext context, string id, string actionId, SandboxState state, WireMapper wire) =>
            long.TryParse(id, out var dropletId) && long.TryParse(actionId, out var number)
                && state.FindAction(number) is { ResourceType: "droplet" } action && action.ResourceId == dropletId
                ? Envelope.One("action", wire.Action(action))
                : ApiErrors.NotFound(context));
    }

    private static async Task<IResult> Post(HttpContext context, string id, SandboxState state, DropletPower power, WireMapper wire)
    {
        if (!long.TryParse(id, out var dropletId) || state.FindDroplet(dropletId) is null)
            return ApiErrors.NotFound(context);
        var (request, error) = await JsonBody.ReadAsync<DropletActionRequest>(context);
        if (request is null)
            return error!;
        if (string.IsNullOrEmpty(request.Type))
            return ApiErrors.Unprocessable(context, "type is required.");
        if (!DropletPower.Types.Contains(request.Type))
            return ApiErrors.Unprocessable(context, $"The sandbox does not run '{request.Type}' actions; it runs {string.Join(", ", DropletPower.Types)}.");
        var (action, busy) = state.StartDropletAction(dropletId, request.Type);
        if (action is null)
            return busy is null ? ApiErrors.NotFound(context) : ApiErrors.Unprocessable(context, busy);
        power.Run(state.FindDroplet(dropletId)!, action);
        return Envelope.One("action", wire.Action(action), StatusCodes.Status201Created);
    }
}

/// <summary>POST /v2/droplets/{id}/actions: the action's type (the power actions take nothing else).</summary>
public sealed record DropletActionRequest(string? Type);
