using System.Text.Json;

namespace SwarmTools.Sandbox.Wire;

// Request bodies as clients send them. Members that the spec lets be a string or a number
// stay JsonElement so that the sandbox, not the serializer, decides what is invalid.

/// <summary>POST /v2/droplets (spec `droplet_single_create` / `droplet_multi_create`).</summary>
public sealed record DropletCreateRequest(
    string? Name,
    IReadOnlyList<string>? Names,
    string? Region,
    string? Size,
    JsonElement? Image,
    IReadOnlyList<JsonElement>? SshKeys,
    IReadOnlyList<string>? Tags,
    string? UserData,
    string? VpcUuid,
    bool? Ipv6,
    bool? Monitoring,
    bool? Backups,
    bool? WithDropletAgent);

/// <summary>POST and PUT /v2/account/keys.</summary>
public sealed record SshKeyRequest(string? Name, string? PublicKey);

/// <summary>POST /v2/tags.</summary>
public sealed record TagRequest(string? Name);

/// <summary>POST /v2/tags/{name}/resources.</summary>
public sealed record TagResourcesRequest(IReadOnlyList<TagResource>? Resources);

public sealed record TagResource(string? ResourceId, string? ResourceType);

/// <summary>POST and PUT /v2/firewalls.</summary>
public sealed record FirewallRequest(
    string? Name,
    IReadOnlyList<WireInboundRule>? InboundRules,
    IReadOnlyList<WireOutboundRule>? OutboundRules,
    IReadOnlyList<long>? DropletIds,
    IReadOnlyList<string>? Tags);

/// <summary>POST/DELETE /v2/firewalls/{id}/droplets and /tags.</summary>
public sealed record FirewallMembersRequest(IReadOnlyList<long>? DropletIds, IReadOnlyList<string>? Tags);

/// <summary>POST/DELETE /v2/firewalls/{id}/rules.</summary>
public sealed record FirewallRulesRequest(
    IReadOnlyList<WireInboundRule>? InboundRules,
    IReadOnlyList<WireOutboundRule>? OutboundRules);

/// <summary>POST /v2/load_balancers (spec `load_balancer_create`: droplet_ids or tag, and region, are required).</summary>
public sealed record LoadBalancerRequest(
    string? Name,
    string? Region,
    IReadOnlyList<long>? DropletIds,
    string? Tag,
    IReadOnlyList<WireForwardingRule>? ForwardingRules,
    string? VpcUuid);
