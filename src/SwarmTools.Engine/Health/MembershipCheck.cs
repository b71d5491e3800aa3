using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>Swarm and cloud agree: every member has its droplet under the tag, and every droplet under the tag is a member.</summary>
public sealed class MembershipCheck : ISwarmCheck
{
    public string Name => "Membership";

    public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var findings = new List<SwarmCheck>();
        var matched = new HashSet<long>();
        foreach (var member in context.Members)
        {
            var droplet = context.DropletOf(member);
            if (droplet != null) { matched.Add(droplet.Id); continue; }
            findings.Add(context.Finding(Name, member.Hostname, CheckStatus.Fail,
                $"{member.Hostname} ({member.Address}) is in the swarm, but no droplet under the tag {context.Swarm} has that address: its droplet is gone (or lost the tag).",
                member.IsManager
                    ? $"Demote it, then remove it: {context.OnManager($"docker node demote {member.NodeId} && docker node rm --force {member.NodeId}")}"
                    : $"Remove it from the swarm: {context.OnManager($"docker node rm --force {member.NodeId}")}"));
        }
        foreach (var stray in context.Droplets.Where(d => !matched.Contains(d.Id)))
            findings.Add(context.Finding(Name, stray.Name, CheckStatus.Warning,
                $"The droplet {stray.Name} ({stray.Status}) is under the tag {context.Swarm} but not in the swarm.",
                $"Join it (Get-SwarmNode -Name {stray.Name} | Join-SwarmNode), or remove it (Get-SwarmNode -Name {stray.Name} | Remove-SwarmNode)."));
        if (findings.Count == 0)
            findings.Add(context.Pass(Name, $"Each of the {context.Members.Count} members has its droplet under the tag {context.Swarm}, and each droplet is a member."));
        return Task.FromResult<IReadOnlyList<SwarmCheck>>(findings);
    }
}
