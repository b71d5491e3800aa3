using System.Text;
using SwarmTools.Sandbox.State;
using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Firewalls;

/// <summary>
/// What a droplet's cloud firewalls let through, as iptables-restore input for the host's own
/// chains SWL-CLOUD-IN (mangle PREROUTING) and SWL-CLOUD-OUT (mangle POSTROUTING): tables and
/// chains ufw and Docker never touch, matched on the host's links only (eth0, eth1), before
/// Docker's DNAT (so on the port the client dialled). Like DigitalOcean: stateful, every firewall
/// covering the droplet (by id or tag) adds what it allows, and no firewall means no filtering.
/// Sources by tag or droplet id become those droplets' public and VPC addresses; IPv6 sources
/// are left out (lab hosts have no IPv6). A load balancer source admits nothing: a lab load balancer has
/// no host, so no traffic comes from it.
/// </summary>
public static class CloudFirewallRules
{
    public const string In = "SWL-CLOUD-IN";
    public const string Out = "SWL-CLOUD-OUT";

    public static string For(SandboxDroplet droplet, IReadOnlyList<SandboxFirewall> firewalls, IReadOnlyList<SandboxDroplet> droplets)
    {
        var covering = firewalls.Where(f => f.DropletIds.Contains(droplet.Id) || f.Tags.Any(t => droplet.Tags.Contains(t, StringComparer.OrdinalIgnoreCase))).ToList();
        var text = new StringBuilder("*mangle\n").Append($":{In} - [0:0]\n:{Out} - [0:0]\n");
        if (covering.Count > 0)
        {
            Chain(text, In, "-i", "-s", covering.SelectMany(f => f.InboundRules).Select(r => (r.Protocol, r.Ports, r.Sources)), droplets);
            Chain(text, Out, "-o", "-d", covering.SelectMany(f => f.OutboundRules).Select(r => (r.Protocol, r.Ports, r.Destinations)), droplets);
        }
        return text.Append("COMMIT\n").ToString();
    }

    private static void Chain(StringBuilder text, string chain, string link, string peer, IEnumerable<(string Protocol, string? Ports, WireRuleTarget? Target)> rules, IReadOnlyList<SandboxDroplet> droplets)
    {
        text.Append($"-A {chain} ! {link} eth+ -j RETURN\n");
        text.Append($"-A {chain} -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN\n");
        foreach (var (protocol, ports, target) in rules)
        {
            var match = protocol == "icmp" || ports is null or "0" or "all" ? $"-p {protocol}" : $"-p {protocol} -m {protocol} --dport {ports.Replace('-', ':')}";
            foreach (var address in Addresses(target, droplets))
                text.Append($"-A {chain} {peer} {address} {match} -j RETURN\n");
        }
        text.Append($"-A {chain} -j DROP\n");
    }

    private static IEnumerable<string> Addresses(WireRuleTarget? target, IReadOnlyList<SandboxDroplet> droplets)
    {
        if (target is null) return [];
        var named = droplets.Where(d => (target.DropletIds ?? []).Contains(d.Id)
                                        || (target.Tags ?? []).Any(t => d.Tags.Contains(t, StringComparer.OrdinalIgnoreCase)));
        return (target.Addresses ?? []).Where(a => !a.Contains(':'))
            .Concat(named.SelectMany(d => new[] { d.PublicAddress, d.PrivateAddress }))
            .Distinct();
    }
}
