using System.Globalization;
using System.Text.RegularExpressions;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Firewalls;

/// <summary>
/// Checks firewall bodies the way the spec describes them: a name, tcp/udp/icmp rules with
/// ports "N", "N-M", "0" or "all" (icmp needs none), and references to droplets and tags that exist.
/// Returns the message for a 400, or null when valid.
/// </summary>
public static partial class FirewallValidation
{
    public static string? Name(string? name) =>
        name is { Length: <= 255 } && FirewallName().IsMatch(name)
            ? null
            : "name must start with a letter or digit and contain only letters, digits, '.' and '-'.";

    public static string? Rules(IEnumerable<WireInboundRule> inbound, IEnumerable<WireOutboundRule> outbound, SandboxState state)
    {
        var problems = inbound.Select(r => Rule(r.Protocol, r.Ports) ?? Target(r.Sources, "an inbound rule needs sources.", state))
            .Concat(outbound.Select(r => Rule(r.Protocol, r.Ports) ?? Target(r.Destinations, "an outbound rule needs destinations.", state)));
        return problems.FirstOrDefault(p => p is not null);
    }

    public static string? Members(IEnumerable<long> dropletIds, IEnumerable<string> tags, SandboxState state)
    {
        var missingDroplets = state.MissingDroplets(dropletIds);
        if (missingDroplets.Count > 0)
            return $"droplet_ids {string.Join(", ", missingDroplets)} do not exist.";
        var missingTags = tags.Where(t => state.FindTag(t) is null).ToList();
        return missingTags.Count > 0 ? $"tags {string.Join(", ", missingTags)} do not exist." : null;
    }

    /// <summary>Lower-case protocol; icmp without ports reads as "0".</summary>
    public static WireInboundRule Normalize(WireInboundRule rule) =>
        rule with { Protocol = rule.Protocol.ToLowerInvariant(), Ports = rule.Ports ?? "0" };

    public static WireOutboundRule Normalize(WireOutboundRule rule) =>
        rule with { Protocol = rule.Protocol.ToLowerInvariant(), Ports = rule.Ports ?? "0" };

    private static string? Rule(string? protocol, string? ports)
    {
        var lower = protocol?.ToLowerInvariant();
        if (lower is not ("tcp" or "udp" or "icmp"))
            return $"protocol '{protocol}' is invalid: use tcp, udp or icmp.";
        if (ports is null)
            return lower == "icmp" ? null : $"a {lower} rule needs ports.";
        return IsPortSpec(ports) ? null : $"ports '{ports}' is invalid: use a port, a range such as 8000-9000, 0 or all.";
    }

    private static bool IsPortSpec(string ports)
    {
        if (ports is "0" or "all")
            return true;
        var bounds = ports.Split('-');
        if (bounds.Length > 2 || !bounds.All(IsPort))
            return false;
        return bounds.Length == 1 || int.Parse(bounds[0], CultureInfo.InvariantCulture) <= int.Parse(bounds[1], CultureInfo.InvariantCulture);
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;

    private static string? Target(WireRuleTarget? target, string missing, SandboxState state) =>
        target is null ? missing : Members(target.DropletIds ?? [], target.Tags ?? [], state);

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\.-]+$")]
    private static partial Regex FirewallName();
}
