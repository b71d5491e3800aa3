using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>Exactly one manager leads: none means an election that has not ended (or no quorum); two mean a split.</summary>
public sealed class LeaderCheck : ISwarmCheck
{
    public string Name => "Leader";

    public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var leaders = context.Managers.Where(m => m.ManagerStatus == ManagerStatus.Leader).Select(m => m.Hostname).ToList();
        var finding = leaders.Count switch
        {
            1 => context.Pass(Name, $"{leaders[0]} leads the swarm."),
            0 => context.Finding(Name, context.Swarm, CheckStatus.Fail,
                "No manager is the leader: an election has not ended, or the managers cannot reach each other.",
                "Check that the managers reach each other on 2377/tcp (the SwarmPorts check), then run Test-Swarm again."),
            _ => context.Finding(Name, context.Swarm, CheckStatus.Fail,
                $"{leaders.Count} managers say they lead ({string.Join(", ", leaders)}): the managers disagree.",
                "Check that the managers reach each other on 2377/tcp (the SwarmPorts check), then run Test-Swarm again."),
        };
        return Task.FromResult<IReadOnlyList<SwarmCheck>>(new[] { finding });
    }
}
