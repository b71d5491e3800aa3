using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// A new manager counts for quorum only once the others reach it: the next one is added only
/// then (promoting an unreachable node can cost the swarm its quorum, moby#23784).
/// </summary>
internal static class ManagerReachability
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    public static async Task WaitAsync(NodeShell manager, SwarmNode node, string nodeId, ISwarmObserver observer, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (true)
        {
            var member = (await manager.MembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => m.NodeId == nodeId);
            if (member?.ManagerStatus is ManagerStatus.Reachable or ManagerStatus.Leader) return;
            if (DateTimeOffset.UtcNow > deadline)
                throw new SwarmToolsException(ErrorIds.ManagerNotReachable, FailureKind.Timeout,
                    $"{node.Name} became a manager but is still '{member?.ManagerStatus?.ToString() ?? "not a manager"}' after {Wait.TotalSeconds:0} s, so no further manager was added. " +
                    "Check that 2377/tcp is open between the managers, then run again.", node.Name);
            observer.Progress($"Waiting for {node.Name} to be a reachable manager");
            await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
        }
    }
}
