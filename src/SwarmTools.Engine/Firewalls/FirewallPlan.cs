using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Firewalls
{
    /// <summary>
    /// The ufw rules a node should have, from the policy, its role and the members — computed,
    /// never accumulated, so that a re-run adds nothing and a member that left is deleted.
    /// </summary>
    public static class FirewallPlan
    {
        public const int SshPort = 22;
        public const int ManagementPort = 2377; // managers only
        public const int GossipPort = 7946;     // tcp and udp, every node
        public const int OverlayPort = 4789;    // udp (VXLAN): unauthenticated, members only
        /// <summary>The Docker API ports the 1-Click image opens to anyone; the module talks SSH, so they close unless asked for.</summary>
        public static readonly int[] DockerApiPorts = { 2375, 2376 };

        public static IReadOnlyList<UfwRule> Wanted(FirewallPolicy policy, bool isManager, IEnumerable<string> members, bool sshLimited)
        {
            var rules = new List<UfwRule>();
            if (policy.IsComplete)
                rules.AddRange(policy.SshSources.Select(s => new UfwRule(sshLimited ? "limit" : "allow", "tcp", "22", s)));
            var tcpPorts = isManager ? $"{ManagementPort},{GossipPort}" : $"{GossipPort}";
            foreach (var source in (policy.SwarmSources ?? members).Distinct())
            {
                rules.Add(new UfwRule("allow", "tcp", tcpPorts, source));
                rules.Add(new UfwRule("allow", "udp", $"{OverlayPort},{GossipPort}", source));
                if (policy.EncryptedOverlay) rules.Add(new UfwRule("allow", "esp", null, source));
            }
            if (policy.IsComplete)
                rules.AddRange(policy.AllowPorts.Select(p => new UfwRule("allow", p.Protocol, p.UfwPorts, FirewallSource.Anywhere)));
            return rules.Distinct().ToList();
        }

        /// <summary>
        /// Would this policy shut out the SSH session it is applied through? (The session itself
        /// survives, ufw keeps established connections, but the next one would be refused.)
        /// </summary>
        public static bool LocksOut(FirewallPolicy policy, HostFirewallState state) =>
            policy.IsComplete && state.ClientAddress != null && !policy.SshSources.Any(s => FirewallSource.Covers(s, state.ClientAddress));

        /// <summary>
        /// Rules the policy decides about: every rule the module owns, and — for a complete policy —
        /// whatever else stands on 22 (the policy says who may SSH) and on the Docker API ports.
        /// A members-only policy (joins before any Set-SwarmFirewall) touches only its own swarm-port rules.
        /// </summary>
        public static bool Governs(FirewallPolicy policy, UfwRule rule)
        {
            if (policy.IsComplete)
                return rule.IsOwned || rule.IsOnPort(SshPort) || DockerApiPorts.Any(rule.IsOnPort);
            return rule.IsOwned && (rule.Protocol == "esp" || rule.IsOnPort(ManagementPort) || rule.IsOnPort(GossipPort) || rule.IsOnPort(OverlayPort));
        }
    }
}
