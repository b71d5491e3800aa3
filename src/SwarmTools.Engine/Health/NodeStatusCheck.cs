using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>Members the managers do not see Ready (Down, Unknown, Disconnected): each is a finding.</summary>
public sealed class NodeStatusCheck : ISwarmCheck
{
    public string Name => "NodeStatus";

    public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var notReady = context.Members.Where(m => m.Status != NodeStatus.Ready).ToList();
        var findings = notReady.Count == 0
            ? new List<SwarmCheck> { context.Pass(Name, $"All {context.Members.Count} members are Ready.") }
            : notReady.Select(m => context.Finding(Name, m.Hostname, CheckStatus.Fail,
                $"The managers see {m.Hostname} ({m.Address}) {m.Status}: it runs no tasks.",
                $"Check the droplet is on and Docker runs (Get-SwarmNode -Name {m.Hostname} | Invoke-SwarmCommand 'systemctl status docker'). " +
                $"If it is gone for good: {context.OnManager($"docker node rm --force {m.NodeId}")}")).ToList();
        return Task.FromResult<IReadOnlyList<SwarmCheck>>(findings);
    }
}
