using System;

namespace SwarmTools;

/// <summary>A Docker secret of a swarm, as a manager describes it: never its value (Docker never returns it).</summary>
public sealed class SwarmSecret
{
    public string Name { get; set; } = "";
    public string Id { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>name=value for each label.</summary>
    public string[] Labels { get; set; } = Array.Empty<string>();

    public override string ToString() => Name;
}
