using System.Text.Json.Serialization;

namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `firewall`: empty droplet_ids, tags and rule lists come back null, as the spec allows.</summary>
public sealed record WireFirewall(
    string Id,
    string Name,
    string Status,
    IReadOnlyList<WireInboundRule>? InboundRules,
    IReadOnlyList<WireOutboundRule>? OutboundRules,
    string CreatedAt,
    IReadOnlyList<long>? DropletIds,
    IReadOnlyList<string>? Tags,
    IReadOnlyList<WirePendingChange> PendingChanges);

/// <summary>Spec schema `firewall_rule_target` (sources or destinations); empty members are omitted.</summary>
public sealed record WireRuleTarget(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Addresses,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<long>? DropletIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? LoadBalancerUids,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? KubernetesIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Tags);

/// <summary>An inbound rule: traffic allowed from `sources`.</summary>
public sealed record WireInboundRule(string Protocol, string? Ports, WireRuleTarget? Sources);

/// <summary>An outbound rule: traffic allowed to `destinations`.</summary>
public sealed record WireOutboundRule(string Protocol, string? Ports, WireRuleTarget? Destinations);

/// <summary>One entry of a firewall's `pending_changes`.</summary>
public sealed record WirePendingChange(long DropletId, bool Removing, string Status);
