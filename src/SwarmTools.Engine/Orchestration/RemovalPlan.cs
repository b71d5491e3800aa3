using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Orchestration;

/// <summary>The nodes of a removal in the order they go, and whether they are the whole swarm; decided before anything is asked or changed.</summary>
public sealed class RemovalOrder
{
    public RemovalOrder(IReadOnlyList<SwarmNode> nodes, bool wholeSwarm)
    {
        Nodes = nodes;
        WholeSwarm = wholeSwarm;
    }

    public IReadOnlyList<SwarmNode> Nodes { get; }

    /// <summary>Every member of the swarm is among the nodes: nothing of it remains to keep safe.</summary>
    public bool WholeSwarm { get; }
}

/// <summary>
/// What a removal does with the nodes the user confirmed: pure decisions, so that they are
/// tested without a host. <see cref="SwarmRemoval"/> carries them out.
/// </summary>
public sealed class RemovalPlan
{
    private RemovalPlan(bool tearDown, IReadOnlyList<IReadOnlyList<SwarmNode>> batches, IReadOnlyList<SwarmNode> confirmed, bool forgetInSwarm)
    {
        TearDown = tearDown;
        Batches = batches;
        Confirmed = confirmed;
        ForgetInSwarm = forgetInSwarm;
    }

    /// <summary>The whole swarm goes: every node leaves with --force at once (no quorum to guard, no worker to strand), then the droplets are deleted.</summary>
    public bool TearDown { get; }

    /// <summary>Removed one batch after another; the nodes of a batch go together.</summary>
    public IReadOnlyList<IReadOnlyList<SwarmNode>> Batches { get; }

    /// <summary>Every node the user confirmed, in removal order.</summary>
    public IReadOnlyList<SwarmNode> Confirmed { get; }

    /// <summary>-DropletOnly deleted droplets without asking their nodes to leave: a member among them is then taken out through another manager.</summary>
    public bool ForgetInSwarm { get; }

    /// <summary>
    /// Workers first, managers next, the leader last: a partial removal never strands a worker
    /// without a manager or drops quorum half-way. Without the swarm's members (not read, or not
    /// needed) the nodes go in the order given. The nodes' roles are those
    /// <see cref="SwarmReader.Enrich"/> matched from <paramref name="members"/>.
    /// </summary>
    public static RemovalOrder Order(IReadOnlyList<SwarmNode> nodes, IReadOnlyList<SwarmMember>? members) =>
        members is null
            ? new RemovalOrder(nodes, wholeSwarm: false)
            : new RemovalOrder(nodes.OrderBy(n => n.ManagerStatus == ManagerStatus.Leader ? 2 : n.Role == SwarmRole.Manager ? 1 : 0).ToList(),
                SwarmTeardown.CoversSwarm(members, nodes));

    /// <summary>Roles matter only when nodes leave their swarm, and order only among several.</summary>
    public static bool NeedsRoles(IReadOnlyCollection<SwarmNode> nodes, bool dropletOnly) => !dropletOnly && nodes.Count >= 2;

    /// <summary>
    /// The whole swarm is torn down only when the user confirmed every node of it. Otherwise workers
    /// (and, with -DropletOnly, every droplet) go together, then each manager alone, so each
    /// re-checks quorum (the last manager ends the swarm only with -Force: <see cref="SwarmMemberEditor.LeaveAsync"/>).
    /// </summary>
    public static RemovalPlan For(RemovalOrder order, IReadOnlyList<SwarmNode> confirmed, bool dropletOnly)
    {
        if (order.WholeSwarm && confirmed.Count == order.Nodes.Count && confirmed.Count > 0)
            return new RemovalPlan(true, new[] { confirmed }, confirmed, forgetInSwarm: false);
        var together = confirmed.Where(n => dropletOnly || n.Role == SwarmRole.Worker).ToList();
        var batches = new List<IReadOnlyList<SwarmNode>>();
        if (together.Count > 0) batches.Add(together);
        batches.AddRange(confirmed.Except(together).Select(n => (IReadOnlyList<SwarmNode>)new[] { n }));
        return new RemovalPlan(false, batches, confirmed, forgetInSwarm: dropletOnly && confirmed.Count > 0);
    }
}
