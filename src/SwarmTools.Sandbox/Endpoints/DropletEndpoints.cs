using SwarmTools.Sandbox.Droplets;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>/v2/droplets: create, list (by tag or name), get, delete (one or by tag), and a droplet's actions.</summary>
public static class DropletEndpoints
{
    public static void MapDroplets(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/droplets", Create);
        app.MapGet("/v2/droplets", List);
        app.MapDelete("/v2/droplets", DeleteByTag);
        app.MapGet("/v2/droplets/{id}", Get);
        app.MapDelete("/v2/droplets/{id}", Delete);
        app.MapGet("/v2/droplets/{id}/actions", ListActions);
    }

    private static async Task<IResult> Create(HttpContext context, DropletCreator creator, WireMapper wire, Faults.FaultBook faults)
    {
        var (request, error) = await JsonBody.ReadAsync<DropletCreateRequest>(context);
        if (request is null)
            return error!;
        // A token without tag:create, with --tag-create-missing untagged: the droplets are made untagged.
        if (context.Items[Middleware.ScopeCheck.UntaggedItem] is true || (request.Tags is { Count: > 0 } && faults.Take(FaultKind.CreateUntagged) is not null))
            request = request with { Tags = null };
        var outcome = creator.Create(request);
        if (outcome.Error is not null)
            return ApiErrors.Unprocessable(context, outcome.Error);

        // The spec promises no order for links.actions: they come in reverse, so a client that
        // pairs them with the droplets by position pairs them wrong (resource_id is what ties them).
        var links = new WireCreateLinks(outcome.Created.Select(wire.CreateActionLink).Reverse().ToList());
        var droplets = outcome.Created.Select(wire.Droplet).ToList();
        var body = request.Names is null
            ? new Dictionary<string, object> { ["droplet"] = droplets[0], ["links"] = links }
            : new Dictionary<string, object> { ["droplets"] = droplets, ["links"] = links };
        return Results.Json(body, SandboxJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    // tag_name combines with neither name nor type (spec) and must be the tag's canonical spelling
    // ("case stable"); name matches exactly, ignoring case.
    // GPU droplets are listed only with type=gpus, as by the service: the default list leaves them out.
    private static IResult List(HttpContext context, SandboxState state, WireMapper wire, SandboxUrls urls, TimeProvider clock)
    {
        var query = context.Request.Query;
        var tag = query["tag_name"].ToString();
        var name = query["name"].ToString();
        var type = query["type"].ToString();
        if (tag != "" && (name != "" || type != ""))
            return ApiErrors.Unprocessable(context, "tag_name can not be combined with name or type.");
        if (type is not ("" or "droplets" or "gpus"))
            return ApiErrors.Unprocessable(context, "type must be droplets or gpus.");

        var now = clock.GetUtcNow();
        var droplets = state.ListDroplets()
            .Where(d => d.ListedFrom is not { } from || from <= now) // a list-lag fault
            .Where(d => ReferenceData.IsGpu(d.SizeSlug) == (type == "gpus"))
            .Where(d => tag == "" || d.Tags.Contains(tag, StringComparer.Ordinal))
            .Where(d => name == "" || d.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(wire.Droplet)
            .ToList();
        return Pagination.List(context, urls, "droplets", droplets);
    }

    private static IResult Get(HttpContext context, string id, SandboxState state, FaultBook faults, WireMapper wire)
    {
        if (!long.TryParse(id, out var dropletId) || state.FindDroplet(dropletId) is not { } droplet)
            return ApiErrors.NotFound(context);
        // The service can briefly 404 a droplet it has just accepted (observed); tests arm that here.
        if (faults.TakeAfterCreate(FaultKind.NotFoundAfterCreate, droplet.Id))
            return ApiErrors.NotFound(context);
        return Envelope.One("droplet", wire.Droplet(droplet));
    }

    // 204 at once; the droplet goes later (godo #146, terraform-provider-digitalocean #283/#284).
    // While its create is in progress: 422 "Droplet already has a pending event." (packer #1814).
    private static IResult Delete(HttpContext context, string id, DropletLifecycle lifecycle)
    {
        if (!long.TryParse(id, out var dropletId))
            return ApiErrors.NotFound(context);
        return lifecycle.RequestDestroy(dropletId) switch
        {
            DeleteRequest.NotFound => ApiErrors.NotFound(context),
            DeleteRequest.PendingEvent => ApiErrors.Unprocessable(context, PendingEvent),
            _ => Envelope.NoContentWithType(context),
        };
    }

    private const string PendingEvent = "Droplet already has a pending event.";

    private static IResult DeleteByTag(HttpContext context, SandboxState state, DropletLifecycle lifecycle)
    {
        var tag = context.Request.Query["tag_name"].ToString();
        if (tag == "")
            return ApiErrors.Unprocessable(context, "tag_name is required to delete Droplets by tag.");
        if (state.FindTagExactly(tag) is not { } canonical)
            return ApiErrors.NotFound(context);
        // Whether DigitalOcean then deletes the others is not documented: refusing them all is the stricter reading.
        if (state.DeletableByTag(canonical) is not { } tagged)
            return ApiErrors.Unprocessable(context, PendingEvent);
        foreach (var droplet in tagged)
            lifecycle.RequestDestroy(droplet.Id);
        return Envelope.NoContentWithType(context);
    }

    private static IResult ListActions(HttpContext context, string id, SandboxState state, WireMapper wire, SandboxUrls urls)
    {
        if (!long.TryParse(id, out var dropletId) || state.FindDroplet(dropletId) is null)
            return ApiErrors.NotFound(context);
        return Pagination.List(context, urls, "actions", state.ListActions(dropletId).Select(wire.Action).ToList());
    }
}
