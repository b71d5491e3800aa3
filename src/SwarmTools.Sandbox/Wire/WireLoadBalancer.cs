using System.Text.Json.Serialization;

namespace SwarmTools.Sandbox.Wire;

/// <summary>
/// Spec schema `load_balancer` (`load_balancer_base` with the region as an object, droplet_ids and tag):
/// the members the module and a test read; settings the sandbox does not model keep their spec defaults.
/// </summary>
public sealed record WireLoadBalancer(
    string Id,
    string Name,
    string Ip,
    string Ipv6,
    int SizeUnit,
    string Status,
    string CreatedAt,
    IReadOnlyList<WireForwardingRule> ForwardingRules,
    WireHealthCheck HealthCheck,
    WireStickySessions StickySessions,
    bool RedirectHttpToHttps,
    bool EnableProxyProtocol,
    bool EnableBackendKeepalive,
    int HttpIdleTimeoutSeconds,
    string VpcUuid,
    string Network,
    string NetworkStack,
    string Type,
    WireRegion Region,
    IReadOnlyList<long> DropletIds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Tag);

/// <summary>Spec schema `forwarding_rule` (as sent, also in requests: members left out stay out).</summary>
public sealed record WireForwardingRule(
    string? EntryProtocol,
    int? EntryPort,
    string? TargetProtocol,
    int? TargetPort,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CertificateId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? TlsPassthrough);

/// <summary>Spec schema `health_check`, with its defaults.</summary>
public sealed record WireHealthCheck(string Protocol, int Port, string Path, int CheckIntervalSeconds, int ResponseTimeoutSeconds, int UnhealthyThreshold, int HealthyThreshold)
{
    public static readonly WireHealthCheck Default = new("http", 80, "/", 10, 5, 5, 3);
}

/// <summary>Spec schema `sticky_sessions`, with its default.</summary>
public sealed record WireStickySessions(string Type)
{
    public static readonly WireStickySessions None = new("none");
}
