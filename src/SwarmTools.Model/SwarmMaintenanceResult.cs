using System.Collections.Generic;

namespace SwarmTools;

/// <summary>One node's maintenance by Invoke-SwarmMaintenance: the steps it went through in this run, what each did and how long it took.</summary>
public sealed class SwarmMaintenanceResult
{
    public string Node { get; set; } = "";
    /// <summary>Worker, Manager or Leader, as the node was when the run began.</summary>
    public string Role { get; set; } = "";
    /// <summary>The steps run, in order (a resumed node: from where the last run stopped).</summary>
    public string[] Steps { get; set; } = System.Array.Empty<string>();
    /// <summary>Seconds each step took, by step.</summary>
    public Dictionary<string, double> StepSeconds { get; set; } = new Dictionary<string, double>();
    /// <summary>Seconds for the whole node, from its first step to its last.</summary>
    public double Seconds { get; set; }
    /// <summary>What the command printed (standard output and error), or what the script block returned.</summary>
    public string Output { get; set; } = "";

    public override string ToString() => $"{Node} ({Role}): {string.Join(", ", Steps)} in {Seconds:0.0} s";
}
