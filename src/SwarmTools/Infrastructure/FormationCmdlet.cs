using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that form a swarm from nodes arriving on the pipeline: each node is
/// handed to the formation as it comes (work starts at once, in the background), and the
/// end waits for all of it. Ctrl+C stops at once and says what was already done.
/// </summary>
public abstract class FormationCmdlet : DigitalOceanCmdlet
{
    private SwarmFormation? _formation;
    private SwarmObserver? _observer;

    /// <summary>The nodes, e.g. from New-SwarmNode or Get-SwarmNode; each is worked on as soon as it arrives.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>The tag of the swarm's droplets: where members that are not on the pipeline are found, so their firewalls admit the new nodes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

    /// <summary>Starts the formation: what to build and from which manager.</summary>
    protected void Start(FormationOptions options, string activity, Action<SwarmFormation> begin)
    {
        var access = Access;
        var queue = SharedQueue;
        _observer = new SwarmObserver(queue, activity, CancelToken);
        var api = OptionalApi;
        var connect = NodeHosts.Via(access, queue);
        var locator = new ManagerLocator(null, api, SwarmTag, connect, _observer);
        _formation = new SwarmFormation(connect, async ct => await locator.TaggedAsync(ct).ConfigureAwait(false), options, _observer, CancelToken,
            api is null ? null : new SwarmInits(api));
        begin(_formation);
    }

    protected override void ProcessRecord()
    {
        foreach (var node in InputObject) _formation!.Add(node);
        DrainSharedQueue();
    }

    protected override void EndProcessing()
    {
        Swarm? swarm;
        try
        {
            swarm = FinishSharedQueue(_formation!.CompleteAsync());
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            return;
        }
        _observer!.Completed();
        DrainSharedQueue();
        if (swarm != null) WriteResult(swarm);
    }

    /// <summary>Writes what the cmdlet returns once the swarm is formed.</summary>
    protected abstract void WriteResult(Swarm swarm);

    protected override void StopProcessing()
    {
        base.StopProcessing();
        if (_formation != null) ReportStopped(_formation.Done);
    }
}
