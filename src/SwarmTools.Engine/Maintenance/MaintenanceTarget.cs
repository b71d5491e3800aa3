using System.Collections.Generic;

namespace SwarmTools.Engine.Maintenance;

/// <summary>One node of a maintenance plan: its droplet, how the swarm saw it when the plan was made, and the steps it still needs.</summary>
public sealed class MaintenanceTarget
{
    public MaintenanceTarget(SwarmNode droplet, SwarmMember member, IReadOnlyList<MaintenanceStep> steps)
    {
        Droplet = droplet;
        Member = member;
        Steps = steps;
    }

    public SwarmNode Droplet { get; }
    public SwarmMember Member { get; }
    public IReadOnlyList<MaintenanceStep> Steps { get; }
    public string Name => Droplet.Name;
    public bool IsLeader => Member.ManagerStatus == ManagerStatus.Leader;

    /// <summary>Worker, Manager or Leader: the three groups of the order.</summary>
    public string Role => IsLeader ? "Leader" : Member.IsManager ? "Manager" : "Worker";

    /// <summary>The availability restored at the end: what the node had before this run (or the run it resumes) drained it.</summary>
    public NodeAvailability RestoreTo => MaintenanceLabels.Before(Member);

    /// <summary>The step after <paramref name="step"/> in this node's plan; null after the last.</summary>
    public MaintenanceStep? After(MaintenanceStep step)
    {
        for (var i = 0; i + 1 < Steps.Count; i++)
            if (Steps[i] == step) return Steps[i + 1];
        return null;
    }
}
