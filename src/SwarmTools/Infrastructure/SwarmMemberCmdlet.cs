using System.Management.Automation;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Infrastructure;

/// <summary>Base of the cmdlets that change members of a swarm through one of its managers.</summary>
public abstract class SwarmMemberCmdlet : DigitalOceanCmdlet
{
    /// <summary>A manager of the swarm to work through, e.g. Get-SwarmNode -Name node1.</summary>
    /// <value>the first reachable manager among the swarm tag's droplets</value>
    [Parameter]
    public SwarmNode? Manager { get; set; }

    /// <summary>The tag whose droplets are searched for a manager when -Manager is not given.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;
}
