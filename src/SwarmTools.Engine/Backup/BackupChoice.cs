using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Backup;

/// <summary>
/// Which manager Backup-Swarm stops Docker on: one that is not the leader (no election), and only
/// when the managers left answering still make a quorum; a lone manager, or a pause that would lose
/// quorum, only with -Force (and then with a warning that the control plane pauses).
/// </summary>
public sealed class BackupChoice
{
    private BackupChoice(SwarmMember member, SwarmNode node, string? warning)
    {
        Member = member;
        Node = node;
        Warning = warning;
    }

    public SwarmMember Member { get; }
    /// <summary>The droplet to reach it by.</summary>
    public SwarmNode Node { get; }
    /// <summary>What -Force accepted, said to the user; null when quorum survives.</summary>
    public string? Warning { get; }

    /// <param name="nodes">The droplets the module knows (the swarm tag's, -Manager): a member is reached through its own.</param>
    public static BackupChoice Choose(IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode> nodes, bool force)
    {
        var managers = members.Where(m => m.IsManager).ToList();
        var answering = managers.Where(m => m.Status == NodeStatus.Ready && m.ManagerStatus is ManagerStatus.Leader or ManagerStatus.Reachable).ToList();
        var quorum = managers.Count / 2 + 1;
        var followers = answering.Where(m => m.ManagerStatus == ManagerStatus.Reachable).OrderBy(m => m.Hostname, StringComparer.Ordinal).ToList();
        var reachable = followers.Select(m => (m, node: NodeOf(m, nodes))).Where(c => c.node != null).ToList();

        if (reachable.Count > 0)
        {
            var (member, node) = reachable[0];
            if (answering.Count - 1 >= quorum) return new BackupChoice(member, node!, null);
            if (force) return new BackupChoice(member, node!, Pauses(member.Hostname, $"the {answering.Count - 1} manager(s) left answering are fewer than the quorum of {quorum}"));
            throw LosesQuorum($"Stopping Docker on {member.Hostname} would leave {answering.Count - 1} of {managers.Count} managers answering, fewer than the quorum of {quorum}");
        }
        if (followers.Count > 0)
            throw new SwarmToolsException(ErrorIds.BackupManagerUnknown, FailureKind.NotFound,
                $"The managers that can be backed up ({string.Join(", ", followers.Select(f => $"{f.Hostname} at {f.Address}"))}) are not among the droplets the module knows: pass -SwarmTag with the swarm's tag, or one of them with -Manager. Nothing was stopped.",
                followers[0].Hostname);

        var leader = answering.FirstOrDefault(m => m.ManagerStatus == ManagerStatus.Leader);
        var leaderNode = leader is null ? null : NodeOf(leader, nodes);
        if (leader is null || leaderNode is null)
            throw new SwarmToolsException(ErrorIds.BackupManagerUnknown, FailureKind.NotFound,
                "No manager of the swarm answers through a droplet the module knows: pass -SwarmTag with the swarm's tag, or the manager with -Manager. Nothing was stopped.");
        var why = managers.Count == 1 ? $"{leader.Hostname} is the swarm's only manager" : $"{leader.Hostname}, the leader, is the only manager answering";
        if (force) return new BackupChoice(leader, leaderNode, Pauses(leader.Hostname, why));
        throw LosesQuorum(why + ": while Docker is stopped on it the swarm's control plane pauses (no service changes, no scheduling; running containers elsewhere go on)");
    }

    private static string Pauses(string host, string why) =>
        $"-Force: {why}, so the swarm's control plane pauses while Docker is stopped on {host} (no service changes or rescheduling until it is back; running containers on other nodes go on).";

    private static SwarmToolsException LosesQuorum(string why) =>
        new SwarmToolsException(ErrorIds.BackupWouldLoseQuorum, FailureKind.InvalidOperation,
            why + ". Add managers (Join-SwarmNode -Role Manager) so one can pause, or pass -Force to accept the pause. Nothing was stopped.");

    /// <summary>The droplet of a member: by the address it advertises, else by name.</summary>
    private static SwarmNode? NodeOf(SwarmMember member, IReadOnlyList<SwarmNode> nodes) =>
        nodes.FirstOrDefault(n => member.Address.Length > 0 && (n.PrivateAddress == member.Address || n.PublicAddress == member.Address))
        ?? nodes.FirstOrDefault(n => string.Equals(n.Name, member.Hostname, StringComparison.OrdinalIgnoreCase));
}
