namespace SwarmTools.Engine.Maintenance;

/// <summary>What a maintenance run does on each node.</summary>
public sealed class MaintenanceOptions
{
    /// <summary>A -Command or -ScriptBlock runs on each node.</summary>
    public bool RunsCommand { get; set; }
    public bool Reboot { get; set; }
    public RebootMethod RebootVia { get; set; } = RebootMethod.Api;
    /// <summary>A manager may be taken out when that leaves the swarm tolerating no further manager failure (never when it loses quorum).</summary>
    public bool Force { get; set; }
}
