using System.Linq;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// DigitalOcean's limits for one cloud firewall (docs: Networking › Firewalls › Limits), checked
/// before anything is sent: 50 rules in and out together, 1000 sources or destinations per rule,
/// 10 droplets and 5 tags.
/// </summary>
public static class CloudFirewallLimits
{
    public const int Rules = 50;
    public const int EndpointsPerRule = 1000;
    public const int Droplets = 10;
    public const int Tags = 5;

    /// <summary>Throws CloudFirewallTooLarge, saying what to change, when the firewall passes a limit.</summary>
    public static void Check(Firewall firewall)
    {
        var rules = firewall.InboundRules.Count + firewall.OutboundRules.Count;
        if (rules > Rules)
            throw TooLarge(firewall, $"it would have {rules} rules (inbound and outbound together) and DigitalOcean allows {Rules}. Give fewer -AllowPort values: a range such as 8000-9000/tcp is one rule.");
        var widest = firewall.InboundRules.Select(r => (Ports: r.Ports, r.Protocol, Count: Count(r.Sources)))
            .Concat(firewall.OutboundRules.Select(r => (Ports: r.Ports, r.Protocol, Count: Count(r.Destinations))))
            .OrderByDescending(r => r.Count).FirstOrDefault();
        if (widest.Count > EndpointsPerRule)
            throw TooLarge(firewall, $"its {widest.Ports ?? "all"}/{widest.Protocol} rule would have {widest.Count} sources and DigitalOcean allows {EndpointsPerRule} per rule. Give -SshSource or -Source as CIDR ranges instead of single addresses.");
        if (firewall.DropletIds.Count > Droplets)
            throw TooLarge(firewall, $"it would name {firewall.DropletIds.Count} droplets and DigitalOcean allows {Droplets}: attach it by tag.");
        if (firewall.Tags.Count > Tags)
            throw TooLarge(firewall, $"it would name {firewall.Tags.Count} tags and DigitalOcean allows {Tags}.");
    }

    private static int Count(RuleEndpoints e) =>
        (e.Addresses?.Count ?? 0) + (e.DropletIds?.Count ?? 0) + (e.Tags?.Count ?? 0) + (e.LoadBalancerUids?.Count ?? 0);

    private static SwarmToolsException TooLarge(Firewall firewall, string why) =>
        new SwarmToolsException(ErrorIds.CloudFirewallTooLarge, FailureKind.InvalidArgument,
            $"Cloud firewall {firewall.Name} cannot be written: {why} Nothing was sent.", firewall.Name);
}
