namespace SwarmTools;

/// <summary>One stack, as `docker stack ls` lists it.</summary>
public sealed class SwarmStack
{
    public string Name { get; set; } = "";
    /// <summary>How many services it has.</summary>
    public int Services { get; set; }
    public string Orchestrator { get; set; } = "Swarm";
    /// <summary>How many of them run all their replicas with no update under way.</summary>
    public int Converged { get; set; }

    public override string ToString() => Name;
}
