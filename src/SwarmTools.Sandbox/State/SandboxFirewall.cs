using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.State;

/// <summary>A cloud firewall. <see cref="Revision"/> lets a delayed "succeeded" skip a firewall changed since.</summary>
public sealed record SandboxFirewall(
    string Id,
    string Name,
    string Status,
    DateTimeOffset CreatedAt,
    IReadOnlyList<WireInboundRule> InboundRules,
    IReadOnlyList<WireOutboundRule> OutboundRules,
    IReadOnlyList<long> DropletIds,
    IReadOnlyList<string> Tags,
    int Revision);

/// <summary>Firewall `status` values.</summary>
public static class FirewallStatus
{
    public const string Waiting = "waiting";
    public const string Succeeded = "succeeded";
}
