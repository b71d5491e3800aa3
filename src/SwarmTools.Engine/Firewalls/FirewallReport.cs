using System;
using System.Collections.Generic;
using System.Linq;
using SwarmTools.Engine.DigitalOcean.Models;

namespace SwarmTools.Engine.Firewalls;

/// <summary>What is in force, as rules a person reads like `ufw status`: from a host's state, or from a cloud firewall.</summary>
public static class FirewallReport
{
    /// <summary>
    /// Every incoming rule in force on a host, the module's or not (app profiles, interface and destination
    /// rules too), each flagged when it lets in more than the policy kept there; then who reaches published ports.
    /// </summary>
    public static IEnumerable<SwarmFirewallRule> Of(string node, HostFirewallState state)
    {
        if (!state.IsActive) yield break; // ufw rules files may hold rules, but none is in force
        // The members as this host admits them: the sources of the module's own gossip rules.
        var members = state.Rules.Where(r => r.IsOwned && r.IsOnPort(FirewallPlan.GossipPort)).Select(r => r.Source).Distinct().ToList();
        foreach (var r in state.Rules)
            yield return new SwarmFirewallRule
            {
                Node = node, Layer = "ufw", To = r.To, Action = r.Action.ToUpperInvariant() + " IN",
                From = FirewallSource.Display(r.Source), Comment = r.Comment ?? "",
                Overrides = FirewallPlan.Overrides(state.Policy, r, members) ?? "",
            };
        foreach (var rule in PublishedPorts(node, state.PublishedChain, PublishedPortFilter.Chain, UfwRule.OwnerComment)) yield return rule;
        foreach (var rule in PublishedPorts(node, state.DockerUserChain, "DOCKER-USER", "")) yield return rule;
    }

    public static IEnumerable<SwarmFirewallRule> Of(Firewall firewall) =>
        firewall.InboundRules.Select(r => new SwarmFirewallRule
        {
            Node = "cloud:" + firewall.Name, Layer = "cloud",
            To = (r.Ports is null or "0" or "all" ? "all" : r.Ports) + "/" + r.Protocol,
            Action = "ALLOW IN",
            From = string.Join(", ", (r.Sources.Addresses ?? new List<string>()).Select(a => a is "0.0.0.0/0" or "::/0" ? "Anywhere" : a).Distinct()
                .Concat((r.Sources.Tags ?? new List<string>()).Select(t => "tag:" + t))
                .Concat((r.Sources.DropletIds ?? new List<long>()).Select(d => "droplet:" + d))
                .Concat((r.Sources.LoadBalancerUids ?? new List<string>()).Select(l => "load-balancer:" + l))),
            Comment = firewall.Status ?? "",
        });

    /// <summary>
    /// A chain of the FORWARD path, read back from `iptables -S`: the module's own (<see cref="PublishedPortFilter.Chain"/>)
    /// or DOCKER-USER, which it shares with Docker, ufw-docker and the user — their rules are shown as they are.
    /// </summary>
    private static IEnumerable<SwarmFirewallRule> PublishedPorts(string node, IReadOnlyList<string> chain, string name, string comment)
    {
        var rules = chain.Where(l => l.StartsWith("-A " + name + " ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
        foreach (var f in rules)
        {
            string? Arg(string flag) { var i = Array.IndexOf(f, flag); return i >= 0 && i + 1 < f.Length ? f[i + 1] : null; }
            var target = Arg("-j");
            if (Arg("--ctstate") != null) continue; // established traffic: part of every filter, not a rule anyone asked for
            if (target == PublishedPortFilter.Chain) continue; // the jump to the module's chain, shown as its rules
            var port = Arg("--ctorigdstport") ?? Arg("--dport");
            var source = Arg("-s");
            var iface = Arg("-i");
            var onlyReturn = f.Length == 4 && target == "RETURN";
            // Docker's closing RETURN: says "open" only when nothing filters (no other rule here, and the module's chain is not jumped to).
            if (onlyReturn && (rules.Count > 1 || chain.Contains(PublishedPortFilter.Jump))) continue;
            yield return new SwarmFirewallRule
            {
                Node = node, Layer = "published",
                To = port != null ? $"{port}/{Arg("-p")} (published)" : "published ports",
                Action = target == "RETURN" ? "ALLOW FWD" : target + " FWD",
                From = source != null ? FirewallSource.FromUfw(source) : iface != null ? "Anywhere on " + iface : "Anywhere",
                Comment = onlyReturn ? "Docker's default: published ports bypass ufw" : comment,
            };
        }
    }
}
