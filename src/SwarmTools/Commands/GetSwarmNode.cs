using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Lists the swarm's droplets: by name (wildcards), by tag, or by id.</summary>
/// <remarks>
/// <para>Returns one SwarmTools.SwarmNode per droplet that carries -SwarmTag (default: swarmtools;
/// -Tag is its alias), sorted by name. Names take wildcards; a plain name that matches nothing is a
/// NodeNotFound error, as with Get-Item, while a wildcard that matches nothing is not.</para>
/// <para>With -SwarmState, one manager of the swarm is asked over SSH for every node's role, manager
/// status, availability and Docker version, as docker node ls shows them.</para>
/// </remarks>
/// <note>Nodes read back carry the private key they were made with (IdentityFile), found by the
/// fingerprint tag that New-SwarmNode put on them, so the SSH cmdlets need no -IdentityFile.</note>
/// <note>Without -SwarmState only the API is read: no SSH connection is opened.</note>
/// <seealso cref="NewSwarmNode"/>
/// <seealso cref="RemoveSwarmNode"/>
/// <seealso cref="GetSwarm"/>
[Cmdlet(VerbsCommon.Get, "SwarmNode", DefaultParameterSetName = ByName)]
[OutputType(typeof(SwarmNode))]
public sealed class GetSwarmNode : DigitalOceanCmdlet
{
    private const string ByName = "ByName";
    private const string ById = "ById";

    /// <summary>Names of the droplets to get; wildcards are allowed (node*, node[13]).</summary>
    [Parameter(ParameterSetName = ByName, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = { "*" };

    /// <summary>The tag of the swarm's droplets: those listed by name, and those searched for a manager with -SwarmState (-Tag still works).</summary>
    [Parameter]
    [Alias("Tag")]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

    /// <summary>With -SwarmState: the manager to ask, e.g. Get-SwarmNode -Name node1.</summary>
    /// <value>the first reachable manager among the nodes listed and the swarm tag's droplets</value>
    [Parameter]
    public SwarmNode? Manager { get; set; }

    /// <summary>Adds each node's live swarm state (role, manager status, availability, Docker version), read from a manager over SSH.</summary>
    [Parameter]
    public SwitchParameter SwarmState { get; set; }

    /// <summary>Droplet ids to get; an id that does not exist is a NodeNotFound error.</summary>
    [Parameter(ParameterSetName = ById, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    public long[] Id { get; set; } = System.Array.Empty<long>();

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ById) GetById();
        else GetByName();
    }

    private void GetById()
    {
        var found = RunApiOffPipeline(async (api, q, ct) =>
        {
            var result = new List<(long Id, SwarmNode? Node)>();
            foreach (var id in Id)
            {
                var d = await api.Droplets.FindAsync(id, ct).ConfigureAwait(false);
                result.Add((id, d is null ? null : d.ToSwarmNode()));
            }
            return result;
        });
        Enrich(found.Where(f => f.Node != null).Select(f => f.Node!).ToList());
        foreach (var (id, node) in found)
        {
            if (node != null) WriteObject(node);
            else WriteError(ToErrorRecord(new SwarmToolsException(ErrorIds.NodeNotFound, FailureKind.NotFound,
                $"There is no droplet with id {id}.", id)));
        }
    }

    /// <summary>
    /// With -SwarmState: one manager of the swarm tells every node's role and status. It is
    /// looked for among the nodes listed, then among the droplets tagged -SwarmTag (the nodes
    /// listed may all be workers, or be found by id).
    /// </summary>
    private void Enrich(List<SwarmNode> nodes)
    {
        if (!SwarmState || nodes.Count == 0) return;
        var access = Access;
        var api = Manager is null ? Api : null;
        try
        {
            RunOffPipeline(async (queue, ct) =>
            {
                var locator = new ManagerLocator(Manager, api, SwarmTag, NodeHosts.Via(access, queue), new SwarmObserver(queue, "Reading swarm state", ct));
                var manager = await locator.FindAsync(nodes.Where(n => n.Status == DropletStatus.Active), null, ct).ConfigureAwait(false);
                var members = await manager.MembersAsync(ct).ConfigureAwait(false);
                foreach (var node in nodes) SwarmReader.Enrich(node, members);
            });
        }
        catch (SwarmToolsException e)
        {
            WriteWarning($"No swarm state: {e.Message}");
        }
    }

    private void GetByName()
    {
        var droplets = RunApiOffPipeline((api, q, ct) =>
        {
            NodeNames.CheckTag(SwarmTag);
            return api.Droplets.ListByTagAsync(SwarmTag, ct);
        });
        var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        var nodes = droplets.OrderBy(d => d.Name, System.StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Id)
            .Where(d => patterns.Any(p => p.IsMatch(d.Name))).Select(d => d.ToSwarmNode()).ToList();
        Enrich(nodes);
        foreach (var node in nodes) WriteObject(node);

        // A plain name that matched nothing is an error, as with Get-Item; a wildcard is not.
        foreach (var name in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
            if (!droplets.Any(d => string.Equals(d.Name, name, System.StringComparison.OrdinalIgnoreCase)))
                WriteError(ToErrorRecord(new SwarmToolsException(ErrorIds.NodeNotFound, FailureKind.NotFound,
                    $"There is no droplet named '{name}' with tag '{SwarmTag}'. List the swarm with Get-SwarmNode, or name another tag with -SwarmTag.", name)));
    }
}
