using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SwarmTools.Firewalls
{
    /// <summary>
    /// Ports that containers publish bypass ufw: Docker DNATs them in PREROUTING and they cross
    /// FORWARD, never INPUT. Docker sends that traffic through the DOCKER-USER chain first, so the
    /// module fills it: established traffic, the swarm's sources and the allowed ports return to
    /// Docker's rules; anything else arriving on the node's own interfaces is dropped. The block
    /// lives in ufw's after.rules, so ufw loads it again at every boot.
    /// </summary>
    public static class PublishedPortFilter
    {
        public const string Begin = "# BEGIN swarmtools: published container ports (DOCKER-USER)";
        public const string End = "# END swarmtools";

        /// <summary>The after.rules block (an iptables-restore section); null when published ports stay open, as Docker leaves them.</summary>
        public static string? Block(FirewallPolicy policy, IEnumerable<string> members, IEnumerable<string> interfaces)
        {
            var external = interfaces.Distinct().ToList();
            if (!policy.IsComplete || !policy.FilterPublishedPorts || external.Count == 0) return null;
            var b = new StringBuilder();
            b.Append(Begin).Append('\n');
            b.Append("*filter\n:DOCKER-USER - [0:0]\n");
            b.Append("-A DOCKER-USER -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN\n");
            // Sorted: the same members give the same block, whatever order they were listed in.
            foreach (var source in (policy.SwarmSources ?? members).Distinct().Where(s => s != FirewallSource.Anywhere).OrderBy(s => s, StringComparer.Ordinal))
                b.Append("-A DOCKER-USER -s ").Append(source).Append(" -j RETURN\n");
            if (policy.SwarmSources?.Contains(FirewallSource.Anywhere) == true)
                b.Append("-A DOCKER-USER -j RETURN\n");
            foreach (var port in policy.AllowPorts)
                b.Append("-A DOCKER-USER -p ").Append(port.Protocol).Append(" -m conntrack --ctorigdstport ").Append(port.UfwPorts).Append(" --ctdir ORIGINAL -j RETURN\n");
            foreach (var name in external)
                b.Append("-A DOCKER-USER -i ").Append(name).Append(" -j DROP\n");
            b.Append("-A DOCKER-USER -j RETURN\nCOMMIT\n").Append(End).Append('\n');
            return b.ToString();
        }

        /// <summary>The rules of a block ("-A DOCKER-USER …" lines), to compare with what iptables has loaded.</summary>
        public static int RuleCount(string? block) => block is null ? 0 : block.Split('\n').Count(l => l.StartsWith("-A DOCKER-USER", System.StringComparison.Ordinal));
    }
}
