using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Changes swarm members: their role, availability and labels.</summary>
/// <remarks>
/// <para>-Role Manager promotes (one node at a time, each confirmed Reachable before the next);
/// -Role Worker demotes, only while quorum holds: a demotion that lowers the swarm's fault
/// tolerance needs -Force, one that breaks quorum is refused. -Availability drains, pauses or
/// activates nodes; -Label and -RemoveLabel change node labels.</para>
/// <para>Changes run through a manager of the swarm (-Manager, else one found among the swarm tag's
/// droplets); a node being demoted or drained is changed through another manager. Nodes that are
/// already as asked are left alone.</para>
/// </remarks>
/// <note>Each node's failure is its own error (the other nodes are still changed), with a stable
/// error id such as FaultToleranceWouldDrop or QuorumAtRisk.</note>
/// <note>The walkthrough advises draining managers in larger swarms so that they run no tasks:
/// Get-SwarmNode -SwarmState | Where-Object Role -eq Manager | Set-SwarmNode -Availability Drain.</note>
/// <seealso cref="GetSwarmNode"/>
/// <seealso cref="JoinSwarmNode"/>
/// <seealso cref="RemoveSwarmNode"/>
[Cmdlet(VerbsCommon.Set, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SwarmNode))]
public sealed class SetSwarmNode : SwarmMemberCmdlet
{
    /// <summary>The nodes to change, e.g. from Get-SwarmNode.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>Manager promotes the nodes, Worker demotes them (quorum permitting).</summary>
    [Parameter]
    public SwarmRole? Role { get; set; }

    /// <summary>Active, Pause (no new tasks) or Drain (tasks move elsewhere), as docker node update --availability sets it.</summary>
    [Parameter]
    public NodeAvailability? Availability { get; set; }

    /// <summary>Node labels to add or change, e.g. @{ zone = 'a' }, for placement constraints.</summary>
    [Parameter]
    [ValidateLabelName]
    public Hashtable? Label { get; set; }

    /// <summary>Names of node labels to remove.</summary>
    [Parameter]
    [ValidateLabelName]
    public string[] RemoveLabel { get; set; } = Array.Empty<string>();

    /// <summary>Allows a demotion that lowers the swarm's fault tolerance (never one that breaks quorum).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Emits the nodes with their new live state; without it the cmdlet returns nothing.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var access = Access;
        var api = Manager is null ? Api : null;
        var labels = (Label ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "");
        foreach (var node in InputObject)
        {
            try
            {
                RunOffPipeline(async (queue, ct) =>
                {
                    var observer = new SwarmObserver(queue, "Changing swarm nodes", ct);
                    var connect = NodeHosts.Via(access, queue);
                    var changes = new SwarmMemberEditor(connect, observer, ct);
                    var manager = await changes.ManagerForAsync(new ManagerLocator(Manager, api, SwarmTag, connect, observer), node, Role).ConfigureAwait(false);
                    if (Role is { } role) await changes.SetRoleAsync(manager, node, role, Force).ConfigureAwait(false);
                    if (Availability is { } availability) await changes.SetAvailabilityAsync(manager, node, availability).ConfigureAwait(false);
                    if (labels.Count > 0 || RemoveLabel.Length > 0) await changes.SetLabelsAsync(manager, node, labels, RemoveLabel).ConfigureAwait(false);
                    if (PassThru) SwarmReader.Enrich(node, await manager.MembersAsync(ct).ConfigureAwait(false));
                });
                if (PassThru) WriteObject(node);
            }
            catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
            {
                WriteError(ErrorRecords.From(e, node));
            }
        }
    }
}
