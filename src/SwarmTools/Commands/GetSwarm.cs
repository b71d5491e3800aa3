using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Reads a swarm's live state from one of its managers: members, leader, fault tolerance.</summary>
/// <remarks>
/// <para>Returns a SwarmTools.Swarm: the cluster id, its managers and workers as nodes with their
/// live role and status, the leader, each node's advertise address, and how many manager failures
/// the swarm tolerates. The nodes are those on the pipeline, else the droplets with the swarm tag;
/// the first reachable manager among them (or -Manager) is asked.</para>
/// <para>It only reads: nothing changes, in the cloud or on a host.</para>
/// </remarks>
/// <note>The swarm object is what Join-SwarmNode -Swarm takes. Join tokens are never part of it.</note>
/// <seealso cref="InitializeSwarm"/>
/// <seealso cref="GetSwarmNode"/>
[Cmdlet(VerbsCommon.Get, "Swarm")]
[OutputType(typeof(Swarm))]
public sealed class GetSwarm : SwarmMemberCmdlet
{
    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();

    /// <summary>Nodes of the swarm, e.g. from Get-SwarmNode; a manager among them is asked.</summary>
    /// <value>the droplets with the swarm tag</value>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    protected override void ProcessRecord() => _nodes.AddRange(InputObject);

    protected override void EndProcessing()
    {
        var access = Access;
        var api = _nodes.Count == 0 || Manager is null ? Api : null;
        try
        {
            var swarm = RunOffPipeline(async (queue, ct) =>
            {
                // The nodes given are the swarm; without them, the droplets under the tag are.
                var locator = new ManagerLocator(Manager, _nodes.Count == 0 ? api : null, SwarmTag, NodeHosts.Via(access, queue), new SwarmObserver(queue, "Reading the swarm", ct));
                var nodes = _nodes.Count > 0 ? _nodes : await locator.TaggedAsync(ct).ConfigureAwait(false);
                var manager = await locator.FindAsync(nodes, null, ct).ConfigureAwait(false);
                return await SwarmReader.ReadAsync(manager, nodes, ct).ConfigureAwait(false);
            });
            foreach (var m in swarm.Members.Where(m => m.Status != NodeStatus.Ready || m.ManagerStatus == ManagerStatus.Unreachable))
                WriteVerbose($"{m.Hostname} ({m.Address}) is not reachable: the managers see it {m.Status}{(m.ManagerStatus is null ? "" : ", " + m.ManagerStatus)}.");
            WriteObject(swarm);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
