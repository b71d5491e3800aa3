using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.State;

/// <summary>
/// A load balancer: what the module reads of one (its id, address and VPC) and what it was created with.
/// It has no lab host: nothing in the lab sends traffic from it.
/// </summary>
public sealed record SandboxLoadBalancer(
    string Id,
    string Name,
    string RegionSlug,
    string VpcUuid,
    string Ip,
    DateTimeOffset CreatedAt,
    IReadOnlyList<WireForwardingRule> ForwardingRules,
    IReadOnlyList<long> DropletIds,
    string? Tag);
