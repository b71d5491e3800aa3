using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Each member's ufw against the policy Set-SwarmFirewall kept on it: the same drift Get-SwarmFirewall
/// warns about (<see cref="FirewallDrift"/>). A member with no policy kept is a warning: its firewall is not the swarm's.
/// A member SSH does not reach is left to SwarmPorts, which names it.
/// </summary>
public sealed class HostFirewallCheck : ISwarmCheck
{
    public string Name => "Firewall";

    public async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var members = context.Members.Select(m => (Member: m, Droplet: context.DropletOf(m))).Where(p => p.Droplet?.PublicAddress != null).ToList();
        var read = await Task.WhenAll(members.Select(p => FindingAsync(context, p.Member, p.Droplet!, ct))).ConfigureAwait(false);
        var findings = read.Where(f => f != null).Select(f => f!).ToList();
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"The firewall of each of the {members.Count} members is as Set-SwarmFirewall kept it."));
        return findings;
    }

    private async Task<SwarmCheck?> FindingAsync(HealthContext context, SwarmMember member, SwarmNode droplet, CancellationToken ct)
    {
        var (state, _) = await MemberRead.ReadAsync(context, droplet, (host, c) => new HostFirewall(host).ReadAsync(c), ct).ConfigureAwait(false);
        if (state is null) return null; // SwarmPorts names a member that cannot be read
        if (!state.HasUfw || !state.IsActive)
            return context.Finding(Name, member.Hostname, CheckStatus.Fail,
                $"{member.Hostname} has {(state.HasUfw ? "ufw inactive" : "no ufw")}: no host rule is in force.",
                $"Get-SwarmNode -Name {droplet.Name} | Set-SwarmFirewall");
        if (state.Policy is null)
            return context.Finding(Name, member.Hostname, CheckStatus.Warning,
                $"No firewall policy is kept on {member.Hostname}: Set-SwarmFirewall has not been run there, so its firewall is not the swarm's.",
                $"Set-SwarmFirewall -SwarmTag {context.Swarm}");
        var drift = FirewallDrift.Of(state, new[] { droplet.PublicAddress, droplet.PrivateAddress });
        return drift.Count == 0 ? null : context.Finding(Name, member.Hostname, CheckStatus.Fail,
            $"{member.Hostname} has drifted from the policy Set-SwarmFirewall kept there: to be back in line it would {string.Join("; ", drift)}.",
            $"Set-SwarmFirewall -SwarmTag {context.Swarm} restores it (or run it with the policy you want now).");
    }
}
