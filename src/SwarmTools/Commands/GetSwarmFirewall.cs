using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>The firewall rules in force on the swarm's nodes and in its cloud firewall, shown like ufw status.</summary>
/// <remarks>
/// <para>Reads each node over SSH: ufw's rules (only when ufw is active: an inactive ufw enforces
/// nothing, and the cmdlet warns) and the DOCKER-USER chain that decides who reaches published
/// container ports. The swarm's cloud firewall, if any, is read from the API.</para>
/// <para>It only reads: nothing changes, in the cloud or on a host. Where a host, or the cloud
/// firewall, has drifted from the policy Set-SwarmFirewall kept (a rule deleted or added by
/// hand, the published-port block gone, ufw disabled), a warning says what Set-SwarmFirewall
/// would change to bring it back.</para>
/// </remarks>
/// <note>A node that cannot be reached within 30 seconds is an error for that node; the others are
/// still read.</note>
/// <seealso cref="SetSwarmFirewall"/>
[Cmdlet(VerbsCommon.Get, "SwarmFirewall", DefaultParameterSetName = BySwarm)]
[OutputType(typeof(SwarmFirewallRule))]
public sealed class GetSwarmFirewall : DigitalOceanCmdlet
{
    private const string BySwarm = "BySwarm";
    private const string ByNode = "ByNode";
    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();

    /// <summary>The swarm whose nodes are read.</summary>
    [Parameter(ValueFromPipeline = true, Position = 0, ParameterSetName = BySwarm)]
    public Swarm? Swarm { get; set; }

    /// <summary>The nodes to read (default: every droplet tagged -SwarmTag).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByNode)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>The tag of the swarm's droplets and of its cloud firewall.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

    protected override void ProcessRecord()
    {
        if (Swarm != null) _nodes.AddRange(Swarm.Nodes);
        _nodes.AddRange(InputObject);
    }

    protected override void EndProcessing()
    {
        var access = Access;
        var given = _nodes.ToList();
        // Without nodes on the pipeline the droplets are found through the API, which then must be at hand.
        var api = given.Count > 0 ? OptionalApi : Api;
        try
        {
            var states = new List<(string Node, HostFirewallState State)>();
            var rules = RunOffPipeline(async (queue, ct) =>
            {
                var connect = NodeHosts.Via(access, queue);
                // The nodes given are read; without them, every droplet under the tag.
                var nodes = await new ManagerLocator(null, given.Count > 0 ? null : api, SwarmTag, connect, new SwarmObserver(queue, "Reading the swarm's firewall", ct))
                    .DropletsAsync(given, ct).ConfigureAwait(false);
                var policies = new System.Collections.Concurrent.ConcurrentBag<FirewallPolicy?>();
                var perNode = await Task.WhenAll(nodes.Select(async node =>
                {
                    try
                    {
                        var host = await NodeReach.ConnectWithinAsync(connect, node, NodeReach.Member, ct).ConfigureAwait(false);
                        var state = await new HostFirewall(host).ReadAsync(ct).ConfigureAwait(false);
                        if (!state.HasUfw) queue.Warning($"{node.Name} has no ufw: no host rule is in force.");
                        else if (!state.IsActive) queue.Warning($"ufw is inactive on {node.Name}: no host rule is in force.");
                        var drift = FirewallDrift.Of(state, new[] { node.PublicAddress, node.PrivateAddress });
                        if (drift.Count > 0)
                            queue.Warning($"{node.Name} has drifted from the policy Set-SwarmFirewall kept there: to be back in line it would {string.Join("; ", drift)}. Run Set-SwarmFirewall to restore it, or again with the policy you want now.");
                        lock (states) { states.Add((node.Name, state)); policies.Add(state.Policy); }
                        return FirewallReport.Of(node.Name, state).ToList();
                    }
                    catch (SwarmToolsException e)
                    {
                        queue.Error(ErrorRecords.From(e, node));
                        return new List<SwarmFirewallRule>();
                    }
                })).ConfigureAwait(false);
                foreach (var disagreement in PolicyDisagreements(states)) queue.Warning(disagreement);
                var cloud = api is null ? null : await CloudFirewall.FindAsync(api, SwarmTag, ct).ConfigureAwait(false);
                // The cloud firewall against the policy kept on the hosts (when they agree on one).
                var kept = policies.Where(p => p != null).Select(p => p!.ToJson()).Distinct().ToList();
                if (cloud != null && kept.Count == 1)
                {
                    var policy = policies.First(p => p != null)!;
                    if (!CloudFirewall.Same(cloud, CloudFirewall.Desired(SwarmTag, policy)))
                        queue.Warning($"Cloud firewall {cloud.Name} ({cloud.Id}) has drifted from the policy Set-SwarmFirewall kept on the swarm (its rules or what it covers differ). Run Set-SwarmFirewall -Mode Cloud (or Both) to restore it.");
                }
                return perNode.SelectMany(r => r).Concat(cloud is null ? Enumerable.Empty<SwarmFirewallRule>() : FirewallReport.Of(cloud)).ToList();
            });
            WriteObject(rules, enumerateCollection: true);
        }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }

    /// <summary>
    /// Nodes whose own policy (the one they were last brought in line with) differs from the swarm's, which
    /// managers read from a Docker config — or, for a swarm whose policy was never kept there, from each other.
    /// </summary>
    internal static IEnumerable<string> PolicyDisagreements(IReadOnlyList<(string Node, HostFirewallState State)> states)
    {
        var swarm = states.Select(s => s.State.SwarmPolicyJson).FirstOrDefault(j => j.Length > 0);
        var kept = states.Where(s => s.State.PolicyJson.Length > 0).ToList();
        if (swarm != null)
        {
            foreach (var (node, _) in kept.Where(s => s.State.PolicyJson != swarm).OrderBy(s => s.Node, StringComparer.Ordinal))
                yield return $"{node} keeps a firewall policy that differs from the swarm's: run Set-SwarmFirewall to bring it in line.";
        }
        else if (kept.Select(s => s.State.PolicyJson).Distinct().Count() > 1)
            yield return "The nodes keep different firewall policies (" + string.Join("; ", kept.GroupBy(s => s.State.PolicyJson)
                .Select(g => string.Join(", ", g.Select(s => s.Node).OrderBy(n => n, StringComparer.Ordinal)))) + "): run Set-SwarmFirewall to bring them in line.";
    }
}
