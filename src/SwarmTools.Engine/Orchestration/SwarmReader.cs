using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Orchestration;

/// <summary>Reads a swarm's live state from one of its managers.</summary>
public static class SwarmReader
{
    public static async Task<Swarm> ReadAsync(NodeShell manager, IReadOnlyList<SwarmNode> nodes, CancellationToken ct)
    {
        var state = await manager.StateAsync(ct).ConfigureAwait(false);
        if (!state.IsActive || !state.IsManager)
            throw new SwarmToolsException(ErrorIds.NotAManager, FailureKind.InvalidArgument,
                $"{manager.Name} is not a manager of a swarm (state '{state.ReportedState}'); read the swarm from one of its managers.", manager.Name);
        return Describe(state.ClusterId ?? "", await manager.MembersAsync(ct).ConfigureAwait(false), nodes);
    }

    /// <summary>The swarm, with each droplet given its member's live role, status and availability.</summary>
    public static Swarm Describe(string clusterId, IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode> nodes)
    {
        foreach (var node in nodes) Enrich(node, members);
        return new Swarm
        {
            ClusterId = clusterId,
            Members = members.OrderByDescending(m => m.IsManager).ThenBy(m => m.Hostname, StringComparer.OrdinalIgnoreCase).ToArray(),
            Nodes = nodes.Where(n => n.SwarmNodeId != null).OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToArray(),
        };
    }

    public static void Enrich(SwarmNode node, IReadOnlyList<SwarmMember> members)
    {
        var member = members.FirstOrDefault(m => m.Address == node.PrivateAddress || m.Address == node.PublicAddress)
                     ?? members.FirstOrDefault(m => string.Equals(m.Hostname, node.Name, StringComparison.OrdinalIgnoreCase));
        if (member is null) return;
        node.SwarmNodeId = member.NodeId;
        node.Role = member.Role;
        node.ManagerStatus = member.ManagerStatus;
        node.Availability = member.Availability;
        if (member.EngineVersion.Length > 0) node.DockerVersion = member.EngineVersion;
    }
}
