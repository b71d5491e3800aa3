using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Maintenance;

/// <summary>
/// Which nodes are maintained, in which order (workers, then managers, the leader last; by name
/// within each group), and the steps each still needs; refused up front, before anything changes,
/// when the swarm is not whole or taking a manager out would break quorum or lower fault tolerance
/// below what -Force allows. Pure: it reads only the members as a manager listed them.
/// </summary>
public sealed class MaintenancePlan
{
    private MaintenancePlan(IReadOnlyList<MaintenanceTarget> nodes, IReadOnlyList<string> alreadyDone)
    {
        Nodes = nodes;
        AlreadyDone = alreadyDone;
    }

    /// <summary>The nodes to maintain, in order.</summary>
    public IReadOnlyList<MaintenanceTarget> Nodes { get; }

    /// <summary>Nodes a stopped run finished already (labelled done): skipped.</summary>
    public IReadOnlyList<string> AlreadyDone { get; }

    /// <summary>The steps every node gets with <paramref name="options"/>.</summary>
    public static IReadOnlyList<MaintenanceStep> StepsFor(MaintenanceOptions options)
    {
        var steps = new List<MaintenanceStep> { MaintenanceStep.Drain };
        if (options.RunsCommand) steps.Add(MaintenanceStep.Command);
        if (options.Reboot) steps.AddRange(new[] { MaintenanceStep.Reboot, MaintenanceStep.WaitReady });
        steps.AddRange(new[] { MaintenanceStep.Restore, MaintenanceStep.Verify });
        return steps;
    }

    /// <param name="members">Every member of the swarm, as a manager lists them.</param>
    /// <param name="targets">The droplets to maintain (each must be a member).</param>
    public static MaintenancePlan Build(IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode> targets, MaintenanceOptions options)
    {
        var matched = targets.GroupBy(t => t.Id).Select(g => g.First())
            .Select(t => (Droplet: t, Member: MemberOf(members, t) ?? throw NotAMember(t))).ToList();
        RefuseWhenNotWhole(members);
        var all = StepsFor(options);
        var done = matched.Where(m => MaintenanceLabels.IsDone(m.Member)).Select(m => m.Droplet.Name).ToList();
        var nodes = matched.Where(m => !MaintenanceLabels.IsDone(m.Member))
            .OrderBy(m => Group(m.Member)).ThenBy(m => m.Droplet.Name, StringComparer.OrdinalIgnoreCase)
            .Select(m => new MaintenanceTarget(m.Droplet, m.Member, Remaining(all, MaintenanceLabels.StoppedAt(m.Member))))
            .ToList();
        if (nodes.FirstOrDefault(n => n.Member.IsManager) is { } manager) RefuseWhenQuorumAtRisk(members, manager, options.Force);
        return new MaintenancePlan(nodes, done);
    }

    /// <summary>The member a droplet is: by swarm node id, by address (as Get-Swarm matches them), else by hostname.</summary>
    public static SwarmMember? MemberOf(IReadOnlyList<SwarmMember> members, SwarmNode droplet) =>
        members.FirstOrDefault(m => droplet.SwarmNodeId != null && m.NodeId == droplet.SwarmNodeId)
        ?? members.FirstOrDefault(m => m.Address.Length > 0 && (m.Address == droplet.PrivateAddress || m.Address == droplet.PublicAddress))
        ?? members.FirstOrDefault(m => string.Equals(m.Hostname, droplet.Name, StringComparison.OrdinalIgnoreCase));

    private static int Group(SwarmMember m) => !m.IsManager ? 0 : m.ManagerStatus == ManagerStatus.Leader ? 2 : 1;

    /// <summary>All steps, or from the one a stopped run names (a step this run does not have: the next one it has).</summary>
    private static IReadOnlyList<MaintenanceStep> Remaining(IReadOnlyList<MaintenanceStep> all, MaintenanceStep? stoppedAt) =>
        stoppedAt is { } at ? all.Where(s => s >= at).ToList() : all;

    /// <summary>Every member Ready and every manager reachable: maintenance takes one node out, never a second.</summary>
    private static void RefuseWhenNotWhole(IReadOnlyList<SwarmMember> members)
    {
        var missing = members.Where(m => m.Status != NodeStatus.Ready || (m.IsManager && m.ManagerStatus is not (ManagerStatus.Leader or ManagerStatus.Reachable)))
            .Select(m => $"{m.Hostname} ({m.Status}{(m.IsManager ? ", " + (m.ManagerStatus?.ToString() ?? "no manager status") : "")})").ToList();
        if (missing.Count > 0)
            throw new SwarmToolsException(ErrorIds.MaintenanceSwarmNotReady, FailureKind.InvalidOperation,
                $"Not every member is up: {string.Join(", ", missing)}. Maintenance takes one node out at a time and needs the others up; nothing was changed. " +
                "Bring them back (Test-Swarm names what is wrong) or remove them (Remove-SwarmNode), then run again.", missing[0]);
    }

    /// <summary>
    /// A manager out for maintenance is one manager down: the others must keep a majority, and keep
    /// tolerating one more failure unless -Force accepts tolerating none for the time.
    /// </summary>
    private static void RefuseWhenQuorumAtRisk(IReadOnlyList<SwarmMember> members, MaintenanceTarget manager, bool force)
    {
        var total = members.Count(m => m.IsManager);
        var others = total - 1;
        var majority = total / 2 + 1;
        if (others < majority)
            throw new SwarmToolsException(ErrorIds.QuorumAtRisk, FailureKind.InvalidOperation,
                $"The swarm has {total} manager(s): while {manager.Name} is out for maintenance only {others} would be up, short of the {majority} a quorum needs; nothing was changed. " +
                "Promote workers first (Set-SwarmNode -Role Manager) for 3 managers, or leave the managers out (-Node).", manager.Name);
        var tolerance = others - majority;
        if (tolerance < 1 && !force)
            throw new SwarmToolsException(ErrorIds.FaultToleranceWouldDrop, FailureKind.InvalidOperation,
                $"While {manager.Name} is out for maintenance the swarm's {others} other managers tolerate {tolerance} failure(s) instead of {Quorum.FaultTolerance(total)}; nothing was changed. " +
                "Pass -Force to accept that for the time of each manager's maintenance, or promote managers first (5 managers keep tolerating one).", manager.Name);
    }

    private static SwarmToolsException NotAMember(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.NotASwarmMember, FailureKind.InvalidOperation,
            $"{node.Name} is not a member of the swarm; nothing was changed. Leave it out, or add it with Join-SwarmNode.", node.Name);
}
