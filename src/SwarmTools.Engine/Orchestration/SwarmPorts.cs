using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Orchestration
{
    /// <summary>
    /// The ports a swarm needs between its members: 2377/tcp (managers), 7946/tcp+udp (gossip),
    /// 4789/udp (overlay data, unauthenticated: members only, never the internet). On Docker
    /// 1-Click droplets ufw is already active and blocks them, and a join then hangs in "pending".
    /// </summary>
    public static class SwarmPorts
    {
        /// <summary>ufw commands allowing the swarm ports from each source (an address or a CIDR); ufw skips rules it has.</summary>
        public static IReadOnlyList<string> AllowFrom(IEnumerable<string> sources) =>
            sources.Distinct().SelectMany(source => new[]
            {
                $"ufw allow proto tcp from {DockerHost.Quote(source)} to any port 2377,7946 comment 'swarm'",
                $"ufw allow proto udp from {DockerHost.Quote(source)} to any port 4789,7946 comment 'swarm'",
            }).ToList();

        /// <summary>
        /// Opens the ports on <paramref name="host"/> when its ufw is active. Members that advertise
        /// VPC addresses are allowed by the VPC's range (one rule set, whatever the swarm's size);
        /// members on public addresses are allowed one by one.
        /// </summary>
        public static async Task<bool> OpenAsync(DockerHost host, IEnumerable<string> sources, CancellationToken ct)
        {
            var status = await host.FirewallStatusAsync(ct).ConfigureAwait(false);
            if (status is null) return false;
            var commands = AllowFrom(sources.Where(s => !IsOpen(status, s)));
            if (commands.Count == 0) return true;
            await host.ChangeAsync(string.Join(" && ", commands) + " >/dev/null", ct).ConfigureAwait(false);
            return true;
        }

        // `ufw status` lists "2377,7946/tcp   ALLOW   198.19.16.0/20   # swarm" once the rules are in (ports sorted).
        private static bool IsOpen(string status, string source) =>
            status.Split('\n').Any(l => l.Contains("2377,7946/tcp") && l.Contains(" " + source)) &&
            status.Split('\n').Any(l => l.Contains("4789,7946/udp") && l.Contains(" " + source));
    }
}
