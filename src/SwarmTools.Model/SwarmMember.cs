namespace SwarmTools;

/// <summary>One line of `docker node ls`, as a manager of the swarm sees it.</summary>
public sealed class SwarmMember
{
    public string Hostname { get; set; } = "";
    /// <summary>The swarm's id of the node (docker node ls: ID).</summary>
    public string NodeId { get; set; } = "";
    public SwarmRole Role { get; set; }
    public NodeStatus Status { get; set; }
    public NodeAvailability Availability { get; set; }
    /// <summary>Leader, Reachable, Unreachable; null for a worker.</summary>
    public ManagerStatus? ManagerStatus { get; set; }
    public string EngineVersion { get; set; } = "";
    /// <summary>The address the node advertises to the swarm.</summary>
    public string Address { get; set; } = "";
    public string[] Labels { get; set; } = System.Array.Empty<string>();

    public bool IsManager => Role == SwarmRole.Manager;
    public override string ToString() => Hostname;
}
