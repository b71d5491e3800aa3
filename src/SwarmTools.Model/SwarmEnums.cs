namespace SwarmTools;

/// <summary>A swarm member's role (docker node ls: the MANAGER STATUS column is empty for a worker).</summary>
public enum SwarmRole
{
    Worker,
    Manager,
}

/// <summary>Whether the scheduler places tasks on a node (docker node update --availability).</summary>
public enum NodeAvailability
{
    Active,
    Pause,
    Drain,
}

/// <summary>How the managers see a manager (docker node ls: MANAGER STATUS).</summary>
public enum ManagerStatus
{
    Unknown,
    Leader,
    Reachable,
    Unreachable,
}

/// <summary>A droplet's status as the API gives it; Unknown is one the module does not know (never taken for active).</summary>
public enum DropletStatus
{
    Unknown,
    New,
    Active,
    Off,
    Archive,
}

/// <summary>When New-SwarmNode emits a node (-WaitFor).</summary>
public enum NodeReadiness
{
    /// <summary>SSH answers, cloud-init has finished and Docker answers.</summary>
    Ready,
    /// <summary>The API says the droplet is active (no SSH).</summary>
    Active,
}

/// <summary>A member's state as the managers see it (docker node ls: STATUS).</summary>
public enum NodeStatus
{
    Unknown,
    Ready,
    Down,
    Disconnected,
}
