using System;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Adds the nodes on the pipeline to an existing swarm as workers or managers.</summary>
/// <remarks>
/// <para>The swarm is named by a SwarmTools.Swarm object (-Swarm, from Initialize-Swarm or
/// Get-Swarm) or by one of its managers (-Manager). Workers join in parallel; managers one at a
/// time, each confirmed Reachable before the next. The swarm ports are opened for each node before
/// it joins.</para>
/// <para>Before a node joins, every member's firewall admits it; a member that cannot be reached is
/// an error naming it (MemberNotAdmitting), and a manager is not joined unless every manager admitted
/// it, or -Force. Without -AdvertiseAddress the nodes advertise what the swarm's leader does.</para>
/// <para>Nodes already in the swarm are left alone; nodes of another swarm are refused. The nodes
/// come back with their live role and status.</para>
/// </remarks>
/// <note>Join tokens are fetched from a manager just in time and sent to the joining node on
/// stdin: never in a command line, an output stream or a file.</note>
/// <note>Ctrl+C stops at once and lists what was done; running the same command again finishes
/// the job.</note>
/// <seealso cref="InitializeSwarm"/>
/// <seealso cref="SetSwarmNode"/>
[Cmdlet(VerbsCommon.Join, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = BySwarm)]
[OutputType(typeof(SwarmNode))]
public sealed class JoinSwarmNode : FormationCmdlet
{
    private const string BySwarm = "BySwarm";
    private const string ByManager = "ByManager";
    private readonly System.Collections.Generic.List<SwarmNode> _joined = new System.Collections.Generic.List<SwarmNode>();

    /// <summary>The swarm to join, as Initialize-Swarm or Get-Swarm returned it; its leader (or another manager) lets the nodes in.</summary>
    [Parameter(Mandatory = true, ParameterSetName = BySwarm)]
    public Swarm? Swarm { get; set; }

    /// <summary>A manager of the swarm to join, e.g. Get-SwarmNode -Name node1.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByManager)]
    public SwarmNode? Manager { get; set; }

    /// <summary>Worker or Manager: the role the nodes join with.</summary>
    [Parameter]
    public SwarmRole Role { get; set; } = SwarmRole.Worker;

    /// <summary>What the joining nodes advertise: Private (their VPC address) or Public (their public address). Default: what the swarm's leader advertises, so the swarm never mixes the two by accident.</summary>
    [Parameter]
    [ValidateSet("Private", "Public")]
    public string AdvertiseAddress { get; set; } = "Private";

    /// <summary>Joins a manager even when another manager's firewall could not be updated to admit it (it is unreachable): managers must reach each other on 2377.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var manager = Manager ?? PickManager(Swarm!);
        var options = new FormationOptions
        {
            Role = Role, AdvertiseAddress = AdvertiseAddress, Force = Force,
            FollowSwarm = !MyInvocation.BoundParameters.ContainsKey(nameof(AdvertiseAddress)),
        };
        Start(options, "Joining the swarm", formation => formation.JoinThrough(manager));
    }

    protected override void ProcessRecord()
    {
        _joined.AddRange(InputObject);
        base.ProcessRecord();
    }

    /// <summary>The nodes come back with their live role and status; those that failed were reported.</summary>
    protected override void WriteResult(Swarm swarm) =>
        WriteObject(_joined.Where(n => n.SwarmNodeId != null).ToArray(), enumerateCollection: true);

    private SwarmNode PickManager(Swarm swarm)
    {
        var managers = swarm.Nodes.Where(n => n.Role == SwarmRole.Manager).OrderByDescending(n => n.ManagerStatus == ManagerStatus.Leader).ToList();
        if (managers.Count == 0)
            ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException(ErrorIds.NoManagerInSwarm, FailureKind.InvalidArgument,
                $"The swarm object {swarm.ClusterId} names no manager droplet this session can reach. Pass one with -Manager (e.g. Get-SwarmNode -Name node1).", swarm)));
        return managers[0];
    }
}
