namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// Docker's own view of a node's swarm membership (`docker info`: Swarm.LocalNodeState).
/// <see cref="Unknown"/> is a value this module does not know (a newer Docker): never taken for one it does.
/// </summary>
public enum LocalNodeState
{
    Unknown,
    /// <summary>In no swarm (also what an empty state means).</summary>
    Inactive,
    /// <summary>Still joining (a join that outlasted Docker's 20 s, or one that cannot reach 2377).</summary>
    Pending,
    Active,
    Error,
    /// <summary>A manager of an autolocked swarm that is locked.</summary>
    Locked,
}

/// <summary>The one place Docker's LocalNodeState text becomes a <see cref="LocalNodeState"/>.</summary>
public static class LocalNodeStates
{
    public static LocalNodeState Parse(string? text)
    {
        switch (text)
        {
            case null:
            case "":
            case "inactive": return LocalNodeState.Inactive;
            case "pending": return LocalNodeState.Pending;
            case "active": return LocalNodeState.Active;
            case "error": return LocalNodeState.Error;
            case "locked": return LocalNodeState.Locked;
            default: return LocalNodeState.Unknown;
        }
    }
}
