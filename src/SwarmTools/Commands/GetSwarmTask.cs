using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Stacks;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Lists the tasks of services or of nodes, with their errors, as docker service ps does.</summary>
/// <remarks>
/// <para>Returns SwarmTools.SwarmTask objects: Id, Name (service.slot), Service, Node, DesiredState,
/// CurrentState (the state word; CurrentStateSince has Docker's "Running 2 minutes ago"), Error (why it
/// failed or waits, in Docker's words), Ports, and IsHistory for the earlier tasks of a slot.
/// With -Service (or services on the pipeline) it reads `docker service ps`; with -Node, `docker node ps`;
/// with neither, the tasks of every service. It only reads: nothing changes.</para>
/// </remarks>
/// <note>Only managers know the tasks: the manager asked is -Manager, else the first live one among the swarm's droplets.</note>
/// <seealso cref="GetSwarmService"/>
/// <seealso cref="DeploySwarmStack"/>
[Cmdlet(VerbsCommon.Get, "SwarmTask", DefaultParameterSetName = ByService)]
[OutputType(typeof(SwarmTask))]
public sealed class GetSwarmTask : SwarmMemberCmdlet
{
    private const string ByService = nameof(ByService);
    private const string ByNode = nameof(ByNode);
    private readonly List<string> _services = new List<string>();

    /// <summary>The services whose tasks are listed, by name (web_app), e.g. from Get-SwarmService.</summary>
    /// <value>every service</value>
    [Parameter(ParameterSetName = ByService, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [ValidateDockerName]
    public string[] Service { get; set; } = Array.Empty<string>();

    /// <summary>The nodes whose tasks are listed, by hostname or node id.</summary>
    [Parameter(ParameterSetName = ByNode, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ValidateDockerName(Dots = true)]
    public string[] Node { get; set; } = Array.Empty<string>();

    /// <summary>Leave out the earlier tasks of each slot (those docker service ps shows with \_): the current ones only.</summary>
    [Parameter]
    public SwitchParameter Current { get; set; }

    /// <summary>A swarm from Get-Swarm: a manager among its nodes is asked.</summary>
    [Parameter]
    public Swarm? Swarm { get; set; }

    protected override void ProcessRecord() => _services.AddRange(Service);

    protected override void EndProcessing()
    {
        try
        {
            var tasks = RunOnManager("Reading the tasks", Swarm?.Nodes, async (at, ct) =>
            {
                var manager = at.Manager;
                if (ParameterSetName == ByNode)
                {
                    var all = new List<SwarmTask>();
                    foreach (var node in Node) all.AddRange(await StackReader.TasksOfNodeAsync(manager, node, ct).ConfigureAwait(false));
                    return all;
                }
                var services = _services.Count > 0 ? _services.Distinct().ToList()
                    : (await StackReader.ServicesAsync(manager, null, ct).ConfigureAwait(false)).Select(s => s.Name).ToList();
                return await StackReader.TasksOfServicesAsync(manager, services, ct).ConfigureAwait(false);
            });
            WriteObject(tasks.Where(t => !Current || !t.IsHistory), enumerateCollection: true);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
