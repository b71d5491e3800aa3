using System.Globalization;
using System.Text.RegularExpressions;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Firewalls;

/// <summary>A refused firewall body: the status DigitalOcean answers with, and its message.</summary>
public sealed record FirewallProblem(int Status, string Message)
{
    public static FirewallProblem Bad(string message) => new(StatusCodes.Status400BadRequest, message);
    public static FirewallProblem Unprocessable(string message) => new(StatusCodes.Status422UnprocessableEntity, message);
}

/// <summary>
/// Checks firewall bodies as DigitalOcean does: a name, tcp/udp/icmp rules, references to droplets,
/// tags and load balancers that exist (400), and what DigitalOcean answers 422 to: ports that are not positive
/// ("0", and "all" on icmp, which takes none — doctl#247, doctl#278, droplet_kit#249) and the limits of
/// its docs (50 rules, 1000 sources or destinations per rule, 10 droplets, 5 tags).
/// </summary>
public static partial class FirewallValidation
{
    /// <summary>DigitalOcean's own words (doctl#247, doctl#278).</summary>
    public const string NotPositivePorts = "You must specify a positive value for ports.";
    public const int MaxRules = 50;
    public const int MaxEndpoints = 1000;
    public const int MaxDroplets = 10;
    public const int MaxTags = 5;

    public static FirewallProblem? Name(string? name) =>
        name is { Length: <= 255 } && FirewallName().IsMatch(name)
            ? null
            : FirewallProblem.Bad("name must start with a letter or digit and contain only letters, digits, '.' and '-'.");

    public static FirewallProblem? Rules(IReadOnlyCollection<WireInboundRule> inbound, IReadOnlyCollection<WireOutboundRule> outbound, SandboxState state)
    {
        var problems = inbound.Select(r => Rule(r.Protocol, r.Ports) ?? Target(r.Sources, "an inbound rule needs sources.", state))
            .Concat(outbound.Select(r => Rule(r.Protocol, r.Ports) ?? Target(r.Destinations, "an outbound rule needs destinations.", state)));
        return problems.FirstOrDefault(p => p is not null) ?? RuleCount(inbound.Count + outbound.Count);
    }

    /// <summary>The rule limit, for a whole firewall or one that rules are added to.</summary>
    public static FirewallProblem? RuleCount(int rules) =>
        rules > MaxRules ? FirewallProblem.Unprocessable($"A firewall can have at most {MaxRules} rules (inbound and outbound together); this one would have {rules}.") : null;

    public static FirewallProblem? Members(IReadOnlyCollection<long> dropletIds, IReadOnlyCollection<string> tags, SandboxState state)
    {
        var missingDroplets = state.MissingDroplets(dropletIds);
        if (missingDroplets.Count > 0)
            return FirewallProblem.Bad($"droplet_ids {string.Join(", ", missingDroplets)} do not exist.");
        var missingTags = tags.Where(t => state.FindTag(t) is null).ToList();
        return missingTags.Count > 0 ? FirewallProblem.Bad($"tags {string.Join(", ", missingTags)} do not exist.") : null;
    }

    /// <summary>The droplet and tag limits, for a whole firewall or one that members are added to.</summary>
    public static FirewallProblem? MemberCount(int droplets, int tags) =>
        droplets > MaxDroplets ? FirewallProblem.Unprocessable($"A firewall can be assigned at most {MaxDroplets} droplets; tag them and assign the tag instead.")
        : tags > MaxTags ? FirewallProblem.Unprocessable($"A firewall can be assigned at most {MaxTags} tags.")
        : null;

    /// <summary>Lower-case protocol; ports as DigitalOcean reads them back: "0" for all ports and for icmp.</summary>
    public static WireInboundRule Normalize(WireInboundRule rule) =>
        rule with { Protocol = rule.Protocol.ToLowerInvariant(), Ports = StoredPorts(rule.Protocol, rule.Ports) };

    public static WireOutboundRule Normalize(WireOutboundRule rule) =>
        rule with { Protocol = rule.Protocol.ToLowerInvariant(), Ports = StoredPorts(rule.Protocol, rule.Ports) };

    private static string StoredPorts(string protocol, string? ports) =>
        protocol.Equals("icmp", StringComparison.OrdinalIgnoreCase) || ports is null or "all" ? "0" : ports;

    private static FirewallProblem? Rule(string? protocol, string? ports)
    {
        var lower = protocol?.ToLowerInvariant();
        if (lower is not ("tcp" or "udp" or "icmp"))
            return FirewallProblem.Bad($"protocol '{protocol}' is invalid: use tcp, udp or icmp.");
        if (lower == "icmp")
            return ports is "0" or "all" ? FirewallProblem.Unprocessable(NotPositivePorts) : null;
        if (ports is null or "0")
            return FirewallProblem.Unprocessable(NotPositivePorts);
        return ports == "all" || IsRange(ports) ? null : FirewallProblem.Bad($"ports '{ports}' is invalid: use a port, a range such as 8000-9000, or all.");
    }

    private static bool IsRange(string ports)
    {
        var bounds = ports.Split('-');
        if (bounds.Length > 2 || !bounds.All(IsPort))
            return false;
        return bounds.Length == 1 || int.Parse(bounds[0], CultureInfo.InvariantCulture) <= int.Parse(bounds[1], CultureInfo.InvariantCulture);
    }

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;

    private static FirewallProblem? Target(WireRuleTarget? target, string missing, SandboxState state)
    {
        if (target is null)
            return FirewallProblem.Bad(missing);
        var count = (target.Addresses?.Count ?? 0) + (target.DropletIds?.Count ?? 0) + (target.Tags?.Count ?? 0)
            + (target.LoadBalancerUids?.Count ?? 0) + (target.KubernetesIds?.Count ?? 0);
        if (count > MaxEndpoints)
            return FirewallProblem.Unprocessable($"A rule can have at most {MaxEndpoints} sources or destinations; this one has {count}. Use tags or network ranges instead of single addresses.");
        return Members(target.DropletIds ?? [], target.Tags ?? [], state) ?? LoadBalancers(target.LoadBalancerUids ?? [], state);
    }

    // A source that names no load balancer of the account is refused like a missing droplet or tag (400, same shape):
    // DigitalOcean's exact wording for it is not on public record.
    private static FirewallProblem? LoadBalancers(IReadOnlyCollection<string> ids, SandboxState state) =>
        state.MissingLoadBalancers(ids) is { Count: > 0 } missing ? FirewallProblem.Bad($"load_balancer_uids {string.Join(", ", missing)} do not exist.") : null;

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9\.-]+$")]
    private static partial Regex FirewallName();
}
