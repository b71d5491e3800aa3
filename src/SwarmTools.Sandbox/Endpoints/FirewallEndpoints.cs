using System.Text.Json;
using SwarmTools.Sandbox.Firewalls;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>
/// /v2/firewalls: create (202, `waiting` then `succeeded`), list, get, replace (PUT), delete, and
/// POST/DELETE of droplets, tags and rules (204). Invalid bodies are 400 bad_request, as the spec lists;
/// ports that are not positive and DigitalOcean's limits are 422, as the service answers them.
/// </summary>
public static class FirewallEndpoints
{
    public static void MapFirewalls(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/firewalls", Create);
        app.MapGet("/v2/firewalls", (HttpContext context, SandboxState state, SandboxUrls urls) =>
            Pagination.List(context, urls, "firewalls", state.ListFirewalls().Select(WireMapper.Firewall).ToList()));
        app.MapGet("/v2/firewalls/{id}", (HttpContext context, string id, SandboxState state) =>
            state.FindFirewall(id) is { } firewall ? Envelope.One("firewall", WireMapper.Firewall(firewall)) : ApiErrors.NotFound(context));
        app.MapPut("/v2/firewalls/{id}", Replace);
        app.MapDelete("/v2/firewalls/{id}", (HttpContext context, string id, SandboxState state) =>
            state.DeleteFirewall(id) ? Results.NoContent() : ApiErrors.NotFound(context));

        app.MapPost("/v2/firewalls/{id}/droplets", (HttpContext c, string id, SandboxState s, FirewallSettler f) => ChangeMembers(c, id, s, f, add: true, ofTags: false));
        app.MapDelete("/v2/firewalls/{id}/droplets", (HttpContext c, string id, SandboxState s, FirewallSettler f) => ChangeMembers(c, id, s, f, add: false, ofTags: false));
        app.MapPost("/v2/firewalls/{id}/tags", (HttpContext c, string id, SandboxState s, FirewallSettler f) => ChangeMembers(c, id, s, f, add: true, ofTags: true));
        app.MapDelete("/v2/firewalls/{id}/tags", (HttpContext c, string id, SandboxState s, FirewallSettler f) => ChangeMembers(c, id, s, f, add: false, ofTags: true));
        app.MapPost("/v2/firewalls/{id}/rules", (HttpContext c, string id, SandboxState s, FirewallSettler f) => ChangeRules(c, id, s, f, add: true));
        app.MapDelete("/v2/firewalls/{id}/rules", (HttpContext c, string id, SandboxState s, FirewallSettler f) => ChangeRules(c, id, s, f, add: false));
    }

    private static async Task<IResult> Create(HttpContext context, SandboxState state, FirewallSettler settler, TimeProvider clock)
    {
        var (request, error) = await JsonBody.ReadAsync<FirewallRequest>(context);
        if (request is null)
            return error!;
        if (Validate(request, state) is { } problem)
            return ApiErrors.Result(context, problem.Status, problem.Message);
        var firewall = state.AddFirewall(Build(request, Guid.NewGuid().ToString(), clock.GetUtcNow(), revision: 0));
        settler.Schedule(firewall);
        return Envelope.One("firewall", WireMapper.Firewall(firewall), StatusCodes.Status202Accepted);
    }

    // PUT replaces the whole firewall: members and rules left out of the body are removed.
    private static async Task<IResult> Replace(HttpContext context, string id, SandboxState state, FirewallSettler settler)
    {
        if (state.FindFirewall(id) is null)
            return ApiErrors.NotFound(context);
        var (request, error) = await JsonBody.ReadAsync<FirewallRequest>(context);
        if (request is null)
            return error!;
        if (Validate(request, state) is { } problem)
            return ApiErrors.Result(context, problem.Status, problem.Message);
        var (changed, _) = state.ChangeFirewall(id, current => (Build(request, current.Id, current.CreatedAt, current.Revision), null));
        if (changed is null)
            return ApiErrors.NotFound(context);
        settler.Schedule(changed);
        return Envelope.One("firewall", WireMapper.Firewall(changed));
    }

    private static async Task<IResult> ChangeMembers(HttpContext context, string id, SandboxState state, FirewallSettler settler, bool add, bool ofTags)
    {
        if (state.FindFirewall(id) is not { } current)
            return ApiErrors.NotFound(context);
        var (request, error) = await JsonBody.ReadAsync<FirewallMembersRequest>(context);
        if (request is null)
            return error!;
        var droplets = ofTags ? [] : request.DropletIds ?? [];
        var tags = ofTags ? request.Tags ?? [] : [];
        if (droplets.Count + tags.Count == 0)
            return ApiErrors.BadRequest(context, ofTags ? "tags is required." : "droplet_ids is required.");
        if (add && (FirewallValidation.Members(droplets, tags, state)
                ?? FirewallValidation.MemberCount(current.DropletIds.Union(droplets).Count(), current.Tags.Union(tags, StringComparer.OrdinalIgnoreCase).Count())) is { } problem)
            return ApiErrors.Result(context, problem.Status, problem.Message);

        var (changed, _) = state.ChangeFirewall(id, current => (current with
        {
            DropletIds = add ? current.DropletIds.Union(droplets).ToArray() : current.DropletIds.Except(droplets).ToArray(),
            Tags = add ? current.Tags.Union(tags.Select(t => state.FindTag(t) ?? t)).ToArray() : current.Tags.Where(t => !tags.Contains(t, StringComparer.OrdinalIgnoreCase)).ToArray(),
        }, null));
        return Settled(context, changed, settler);
    }

    private static async Task<IResult> ChangeRules(HttpContext context, string id, SandboxState state, FirewallSettler settler, bool add)
    {
        if (state.FindFirewall(id) is not { } current)
            return ApiErrors.NotFound(context);
        var (request, error) = await JsonBody.ReadAsync<FirewallRulesRequest>(context);
        if (request is null)
            return error!;
        var inbound = request.InboundRules ?? [];
        var outbound = request.OutboundRules ?? [];
        if (inbound.Count + outbound.Count == 0)
            return ApiErrors.BadRequest(context, "inbound_rules or outbound_rules is required.");
        if ((FirewallValidation.Rules(inbound, outbound, state)
                ?? (add ? FirewallValidation.RuleCount(current.InboundRules.Count + current.OutboundRules.Count + inbound.Count + outbound.Count) : null)) is { } problem)
            return ApiErrors.Result(context, problem.Status, problem.Message);

        var newInbound = inbound.Select(FirewallValidation.Normalize).ToList();
        var newOutbound = outbound.Select(FirewallValidation.Normalize).ToList();
        var (changed, _) = state.ChangeFirewall(id, current => (current with
        {
            InboundRules = add ? current.InboundRules.Concat(newInbound).ToArray() : current.InboundRules.Where(r => !newInbound.Any(n => SameRule(r, n))).ToArray(),
            OutboundRules = add ? current.OutboundRules.Concat(newOutbound).ToArray() : current.OutboundRules.Where(r => !newOutbound.Any(n => SameRule(r, n))).ToArray(),
        }, null));
        return Settled(context, changed, settler);
    }

    private static IResult Settled(HttpContext context, SandboxFirewall? changed, FirewallSettler settler)
    {
        if (changed is null)
            return ApiErrors.NotFound(context);
        settler.Schedule(changed);
        return Results.NoContent();
    }

    private static FirewallProblem? Validate(FirewallRequest request, SandboxState state) =>
        FirewallValidation.Name(request.Name)
        ?? FirewallValidation.Rules(request.InboundRules ?? [], request.OutboundRules ?? [], state)
        ?? FirewallValidation.Members(request.DropletIds ?? [], request.Tags ?? [], state)
        ?? FirewallValidation.MemberCount((request.DropletIds ?? []).Distinct().Count(), (request.Tags ?? []).Distinct(StringComparer.OrdinalIgnoreCase).Count());

    private static SandboxFirewall Build(FirewallRequest request, string id, DateTimeOffset createdAt, int revision) =>
        new(id, request.Name!, FirewallStatus.Waiting, createdAt,
            (request.InboundRules ?? []).Select(FirewallValidation.Normalize).ToArray(),
            (request.OutboundRules ?? []).Select(FirewallValidation.Normalize).ToArray(),
            (request.DropletIds ?? []).Distinct().ToArray(),
            (request.Tags ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToArray(),
            revision);

    // Rules hold lists, which records compare by reference; compare their wire form instead.
    private static bool SameRule<T>(T left, T right) =>
        JsonSerializer.Serialize(left, SandboxJson.Options) == JsonSerializer.Serialize(right, SandboxJson.Options);
}
