using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// When every member of a swarm goes, nothing is left to keep safe: no quorum to guard, no
/// worker to strand, no node list to tidy. Every reachable node leaves at once with --force,
/// instead of being drained, demoted, seen Down and removed one manager at a time.
/// </summary>
public static class SwarmTeardown
{
    public static Task LeaveAllAsync(IEnumerable<SwarmNode> nodes, Func<SwarmNode, CancellationToken, Task<NodeShell>> reach,
        ISwarmObserver observer, CancellationToken ct) =>
        Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                var host = await reach(node, ct).ConfigureAwait(false);
                await host.ChangeAsync("docker swarm leave --force", ct).ConfigureAwait(false);
            }
            catch (SwarmToolsException e)
            {
                observer.Warning($"{node.Name} could not leave the swarm ({e.Message}); its droplet is deleted all the same.");
            }
        }));

    /// <summary>Is every member among <paramref name="nodes"/> (as <see cref="SwarmReader.Enrich"/> matched them)?</summary>
    public static bool CoversSwarm(IReadOnlyList<SwarmMember> members, IEnumerable<SwarmNode> nodes)
    {
        var ids = new HashSet<string>(nodes.Where(n => n.SwarmNodeId != null).Select(n => n.SwarmNodeId!));
        return members.Count > 0 && members.All(m => ids.Contains(m.NodeId));
    }
}
