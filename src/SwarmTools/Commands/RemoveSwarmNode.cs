using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Takes nodes out of their swarm the safe way, then deletes their droplets.</summary>
/// <remarks>
/// <para>For each node: drain it, demote it if it is a manager, docker swarm leave on the node, and
/// docker node rm on another manager once that manager sees it Down; then the droplet is deleted.
/// A demotion that would lower the swarm's fault tolerance needs -Force; one that would break
/// quorum is refused.</para>
/// <para>Workers go first and together, managers one at a time (quorum is checked before each),
/// the leader last: removing a whole swarm never strands a worker. The last manager ends the swarm
/// (docker swarm leave --force) only with -Force.</para>
/// <para>Every question is asked before any work starts. -DropletOnly deletes droplets without
/// asking their nodes to leave (nodes never in a swarm, or unreachable); a swarm member among them
/// is then taken out of the swarm through another manager (docker node rm --force) and out of every
/// member's firewall.</para>
/// <para>When the swarm's last droplet goes, its cloud firewall (Set-SwarmFirewall -Mode Cloud) is
/// deleted too, or named in a warning when it cannot be.</para>
/// </remarks>
/// <note>Confirmation follows PowerShell's standard: -WhatIf shows what would happen and changes
/// nothing, -Confirm asks before each change, and without -Force the cmdlet asks once per node (Yes to
/// All and No to All are offered). -Force skips that question; -WhatIf still wins over -Force.</note>
/// <note>A node that cannot be reached over SSH within 30 seconds is kept (NodeUnreachable), with the
/// command that deletes it anyway.</note>
/// <seealso cref="GetSwarmNode"/>
/// <seealso cref="SetSwarmNode"/>
[Cmdlet(VerbsCommon.Remove, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByNode)]
[OutputType(typeof(void))]
public sealed class RemoveSwarmNode : SwarmMemberCmdlet
{
    private const string ByNode = "ByNode";
    private const string ById = "ById";

    /// <summary>The nodes to remove, e.g. from Get-SwarmNode.</summary>
    [Parameter(ParameterSetName = ByNode, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>Ids of the droplets to remove; an id that no longer exists is a warning.</summary>
    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[] Id { get; set; } = Array.Empty<long>();

    /// <summary>Skips the confirmation question and allows lowering the swarm's fault tolerance (-WhatIf still wins).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Deletes the droplets without asking their nodes to leave first (nodes never in a swarm, or unreachable); a member is then removed from the swarm through another manager.</summary>
    [Parameter]
    public SwitchParameter DropletOnly { get; set; }

    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();
    private bool _yesToAll;
    private bool _noToAll;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ById)
            foreach (var id in Id) { if (Lookup(id) is SwarmNode node) _nodes.Add(node); }
        else _nodes.AddRange(InputObject);
    }

    /// <summary>
    /// The engine orders the nodes (<see cref="RemovalPlan"/>); every question is asked first, on
    /// the pipeline thread; then <see cref="SwarmRemoval"/> does the work and this reports it.
    /// </summary>
    protected override void EndProcessing()
    {
        if (_nodes.Count == 0) return;
        var api = Api;
        var access = Access;
        var options = new RemovalOptions { Manager = Manager, SwarmTag = SwarmTag, Force = Force, DropletOnly = DropletOnly };
        var nodes = _nodes.ToList();
        var order = RunOffPipeline((queue, ct) => Removal(api, options, access, queue, ct).OrderAsync(nodes, ct));
        var confirmed = order.Nodes.Where(n => Confirm(n, order.WholeSwarm)).ToList();
        var plan = RemovalPlan.For(order, confirmed, DropletOnly);
        try { RunOffPipeline((queue, ct) => Removal(api, options, access, queue, ct).RunAsync(plan, ct)); }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }

    /// <summary>The removal, reporting on <paramref name="queue"/>; the user confirmed every step already.</summary>
    private static SwarmRemoval Removal(DigitalOceanClient api, RemovalOptions options, SshAccess access, OutputQueue queue, CancellationToken ct) =>
        new SwarmRemoval(api, options, NodeHosts.Via(access, queue), new SwarmObserver(queue, "Removing nodes", ct, confirmed: true),
            (node, e) => queue.Error(ErrorRecords.From(e, node)));

    private SwarmNode? Lookup(long id)
    {
        var droplet = RunApiOffPipeline((api, q, ct) => api.Droplets.FindAsync(id, ct));
        if (droplet is null) WriteWarning($"Droplet {id} does not exist (already deleted?).");
        return droplet?.ToSwarmNode();
    }

    private bool Confirm(SwarmNode node, bool wholeSwarm)
    {
        var action = DropletOnly ? "Delete droplet"
            : wholeSwarm ? "Leave the swarm with the rest of it (leave --force), then delete droplet"
            : "Leave the swarm (drain, demote if manager, leave, node rm), then delete droplet";
        var what = SwarmRemoval.Describe(node);
        // The standard pattern: ShouldProcess answers -WhatIf and -Confirm; then -Force or the user's yes.
        return ShouldProcess(what, action)
            && (Force || ShouldContinue($"{action}: {what}?", "Remove-SwarmNode", ref _yesToAll, ref _noToAll));
    }
}
