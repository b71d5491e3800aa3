using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Endpoints;

/// <summary>
/// /v2/load_balancers: create (202, `new`), list, get and delete (204), from the spec's
/// `load_balancer_create` and `load_balancer`. Enough for a test to make a load balancer that a cloud
/// firewall names as a source (load_balancer_uids); a lab load balancer has no host and forwards nothing.
/// Refusals are 422 in DigitalOcean's error shape; "need to provide either a tag or a list of droplets"
/// is the service's own wording (droplet_kit#153), the other texts are ours (no public record of DO's).
/// </summary>
public static class LoadBalancerEndpoints
{
    private static readonly string[] EntryProtocols = ["http", "https", "http2", "http3", "tcp", "udp"];
    private static readonly string[] TargetProtocols = ["http", "https", "http2", "tcp", "udp"];

    public static void MapLoadBalancers(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v2/load_balancers", Create);
        app.MapGet("/v2/load_balancers", (HttpContext context, SandboxState state, WireMapper wire, SandboxUrls urls) =>
            Pagination.List(context, urls, "load_balancers", state.ListLoadBalancers().Select(l => wire.LoadBalancer(l, active: true)).ToList()));
        app.MapGet("/v2/load_balancers/{id}", (HttpContext context, string id, SandboxState state, WireMapper wire) =>
            state.FindLoadBalancer(id) is { } found ? Envelope.One("load_balancer", wire.LoadBalancer(found, active: true)) : ApiErrors.NotFound(context));
        app.MapDelete("/v2/load_balancers/{id}", (HttpContext context, string id, SandboxState state) =>
            state.DeleteLoadBalancer(id) ? Results.NoContent() : ApiErrors.NotFound(context));
    }

    // The 202 answers `new`; reads afterwards answer `active` (the sandbox has nothing to provision).
    private static async Task<IResult> Create(HttpContext context, SandboxState state, ReferenceData reference, WireMapper wire, TimeProvider clock)
    {
        var (request, error) = await JsonBody.ReadAsync<LoadBalancerRequest>(context);
        if (request is null)
            return error!;
        if ((request.DropletIds is { Count: > 0 }) == !string.IsNullOrEmpty(request.Tag))
            return ApiErrors.Unprocessable(context, "need to provide either a tag or a list of droplets");
        if (request.Region is null || reference.FindRegion(request.Region) is not { } region)
            return ApiErrors.Unprocessable(context, "region is invalid: give the slug of an available region.");
        if (request.ForwardingRules is not { Count: > 0 } rules)
            return ApiErrors.Unprocessable(context, "forwarding_rules must have at least one rule.");
        if (rules.FirstOrDefault(r => !Valid(r)) is { } bad)
            return ApiErrors.Unprocessable(context, $"forwarding rule {bad.EntryProtocol}:{bad.EntryPort} → {bad.TargetProtocol}:{bad.TargetPort} is invalid: entry_protocol, entry_port, target_protocol and target_port are required, ports are 1-65535, and udp goes to udp.");
        var vpc = request.VpcUuid is { } vpcId ? reference.FindVpc(vpcId) : reference.DefaultVpcOf(region.Slug);
        if (vpc is null)
            return ApiErrors.Unprocessable(context, "vpc_uuid does not name a VPC.");
        if (vpc.Region != region.Slug)
            return ApiErrors.Unprocessable(context, $"The VPC {vpc.Id} is in {vpc.Region}, not in the load balancer's region {region.Slug}.");
        var droplets = request.DropletIds ?? [];
        if (state.MissingDroplets(droplets) is { Count: > 0 } missing)
            return ApiErrors.Unprocessable(context, $"droplet_ids {string.Join(", ", missing)} do not exist.");
        if (droplets.Select(state.FindDroplet).FirstOrDefault(d => d is not null && d.VpcUuid != vpc.Id) is { } elsewhere)
            return ApiErrors.Unprocessable(context, $"Droplet {elsewhere.Id} is not in the load balancer's VPC {vpc.Id}.");
        var id = Guid.NewGuid().ToString();
        var created = state.AddLoadBalancer(ip => new SandboxLoadBalancer(id, string.IsNullOrWhiteSpace(request.Name) ? "lb-" + id[..8] : request.Name,
            region.Slug, vpc.Id, ip, clock.GetUtcNow(), rules, droplets.Distinct().ToArray(), string.IsNullOrEmpty(request.Tag) ? null : request.Tag));
        return created is null
            ? ApiErrors.Unprocessable(context, "No public address is left for the load balancer.")
            : Envelope.One("load_balancer", wire.LoadBalancer(created, active: false), StatusCodes.Status202Accepted);
    }

    private static bool Valid(WireForwardingRule rule) =>
        EntryProtocols.Contains(rule.EntryProtocol) && TargetProtocols.Contains(rule.TargetProtocol)
        && rule.EntryPort is >= 1 and <= 65535 && rule.TargetPort is >= 1 and <= 65535
        && (rule.EntryProtocol == "udp") == (rule.TargetProtocol == "udp");
}
