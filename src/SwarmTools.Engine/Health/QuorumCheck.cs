using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>Reachable managers against the total: is there a quorum, how many more failures it takes, and is the count odd.</summary>
public sealed class QuorumCheck : ISwarmCheck
{
    public string Name => "Quorum";

    public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SwarmCheck>>(Judge(context).ToList());

    private IEnumerable<SwarmCheck> Judge(HealthContext c)
    {
        var managers = c.Managers.ToList();
        var total = managers.Count;
        var down = managers.Where(m => m.ManagerStatus is not (ManagerStatus.Leader or ManagerStatus.Reachable)).Select(m => m.Hostname).ToList();
        var reachable = total - down.Count;
        var majority = total / 2 + 1;
        if (reachable < majority)
            yield return c.Finding(Name, c.Swarm, CheckStatus.Fail,
                $"Only {reachable} of {total} managers are reachable ({string.Join(", ", down)} not): the swarm has lost its quorum and cannot change or reschedule anything.",
                $"Bring back {string.Join(", ", down)}. If they are lost for good, run 'docker swarm init --force-new-cluster' on a surviving manager, then add managers again.");
        else if (down.Count > 0)
            yield return c.Finding(Name, c.Swarm, CheckStatus.Warning,
                $"{reachable} of {total} managers are reachable ({string.Join(", ", down)} not): the swarm tolerates {reachable - majority} more manager failure(s) instead of {Quorum.FaultTolerance(total)}.",
                $"Bring back {string.Join(", ", down)}, or replace them: Remove-SwarmNode, then Set-SwarmNode -Role Manager on a healthy node.");
        else
            yield return c.Pass(Name, $"{total} of {total} managers are reachable; the swarm tolerates {Quorum.FaultTolerance(total)} manager failure(s).");
        if (total % 2 == 0)
            yield return c.Finding(Name, c.Swarm, CheckStatus.Warning,
                $"{total} managers: an even count tolerates no more failures than {total - 1} and makes a split vote more likely.",
                "Promote a worker (Set-SwarmNode -Role Manager) or demote a manager (Set-SwarmNode -Role Worker) for an odd count.");
        else if (total == 1 && c.Members.Count > 1)
            yield return c.Finding(Name, c.Swarm, CheckStatus.Warning,
                "A single manager: when it fails, nobody can manage the swarm.",
                "Promote two workers (Set-SwarmNode -Role Manager) for 3 managers, which tolerate one failure.");
    }
}
