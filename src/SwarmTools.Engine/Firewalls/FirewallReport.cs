using System;
using System.Collections.Generic;
using System.Linq;
using SwarmTools.DigitalOcean.Models;

namespace SwarmTools.Firewalls
{
    /// <summary>What is in force, as rules a person reads like `ufw status`: from a host's state, or from a cloud firewall.</summary>
    public static class FirewallReport
    {
        public static IEnumerable<SwarmFirewallRule> Of(string node, HostFirewallState state)
        {
            if (!state.IsActive) yield break; // ufw rules files may hold rules, but none is in force
            foreach (var r in state.Rules)
                yield return new SwarmFirewallRule
                {
                    Node = node, Layer = "ufw", To = r.To, Action = r.Action.ToUpperInvariant() + " IN",
                    From = FirewallSource.Display(r.Source), Comment = r.Comment ?? "",
                };
            foreach (var rule in PublishedPorts(node, state.DockerUserChain)) yield return rule;
        }

        public static IEnumerable<SwarmFirewallRule> Of(Firewall firewall) =>
            firewall.InboundRules.Select(r => new SwarmFirewallRule
            {
                Node = "cloud:" + firewall.Name, Layer = "cloud",
                To = (r.Ports is null or "0" or "all" ? "all" : r.Ports) + "/" + r.Protocol,
                Action = "ALLOW IN",
                From = string.Join(", ", (r.Sources.Addresses ?? new List<string>()).Select(a => a is "0.0.0.0/0" or "::/0" ? "Anywhere" : a).Distinct()
                    .Concat((r.Sources.Tags ?? new List<string>()).Select(t => "tag:" + t))
                    .Concat((r.Sources.DropletIds ?? new List<long>()).Select(d => "droplet:" + d))),
                Comment = firewall.Status ?? "",
            });

        /// <summary>DOCKER-USER, read back from `iptables -S`: who reaches the ports containers publish.</summary>
        private static IEnumerable<SwarmFirewallRule> PublishedPorts(string node, IReadOnlyList<string> chain)
        {
            var rules = chain.Where(l => l.StartsWith("-A DOCKER-USER", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
            foreach (var f in rules)
            {
                string? Arg(string name) { var i = Array.IndexOf(f, name); return i >= 0 && i + 1 < f.Length ? f[i + 1] : null; }
                var target = Arg("-j");
                if (Arg("--ctstate") != null) continue; // established traffic: part of every filter, not a rule anyone asked for
                var port = Arg("--ctorigdstport");
                var source = Arg("-s");
                var iface = Arg("-i");
                var onlyReturn = f.Length == 4 && target == "RETURN";
                if (onlyReturn && rules.Count > 1) continue; // the chain's closing RETURN after our filter
                yield return new SwarmFirewallRule
                {
                    Node = node, Layer = "published",
                    To = port != null ? $"{port}/{Arg("-p")} (published)" : "published ports",
                    Action = target == "RETURN" ? "ALLOW FWD" : target + " FWD",
                    From = source != null ? FirewallSource.FromUfw(source) : iface != null ? "Anywhere on " + iface : "Anywhere",
                    Comment = onlyReturn ? "Docker's default: published ports bypass ufw" : UfwRule.OwnerComment,
                };
            }
        }
    }
}
