using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Engine.Orchestration;

/// <summary>What Remove-SwarmNode was told, beside the nodes.</summary>
public sealed class RemovalOptions
{
    /// <summary>-Manager: the manager to work through.</summary>
    public SwarmNode? Manager { get; set; }
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;
    /// <summary>Allows lowering the fault tolerance, and the last manager to end the swarm.</summary>
    public bool Force { get; set; }
    /// <summary>Deletes the droplets without asking their nodes to leave first.</summary>
    public bool DropletOnly { get; set; }
}

/// <summary>
/// Carries out a <see cref="RemovalPlan"/>: nodes leave their swarm the safe way (or all at once
/// when the whole swarm goes), their droplets are deleted, and what remains forgets them: the
/// swarm's node list (-DropletOnly), the members' firewalls, and the cloud firewall of a tag
/// whose last droplet went.
/// </summary>
public sealed class SwarmRemoval
{
    private readonly DigitalOceanClient _api;
    private readonly RemovalOptions _options;
    private readonly Func<SwarmNode, CancellationToken, Task<NodeShell>> _connect;
    private readonly ISwarmObserver _observer;
    private readonly Action<SwarmNode, Exception> _failed;
    private readonly ManagerLocator _locator;
    private readonly ConcurrentBag<SwarmNode> _deleted = new ConcurrentBag<SwarmNode>();
    private volatile bool _leftSwarm;

    /// <param name="observer">Asks nothing: the user confirmed each node before the removal began.</param>
    /// <param name="failed">One node's failure: it concerns that node only, and the others go on.</param>
    public SwarmRemoval(DigitalOceanClient api, RemovalOptions options, Func<SwarmNode, CancellationToken, Task<NodeShell>> connect,
        ISwarmObserver observer, Action<SwarmNode, Exception> failed)
    {
        _api = api;
        _options = options;
        _connect = connect;
        _observer = observer;
        _failed = failed;
        _locator = new ManagerLocator(options.Manager, api, options.SwarmTag, connect, observer);
    }

    /// <summary>How a node is named in questions and messages.</summary>
    public static string Describe(SwarmNode node) => $"{node.Name} (droplet {node.Id}, {node.PublicAddress})";

    /// <summary>The nodes in removal order, their roles read from a manager; in the order given when they cannot be read.</summary>
    public async Task<RemovalOrder> OrderAsync(IReadOnlyList<SwarmNode> nodes, CancellationToken ct)
    {
        if (!RemovalPlan.NeedsRoles(nodes, _options.DropletOnly)) return RemovalPlan.Order(nodes, null);
        IReadOnlyList<SwarmMember> members;
        try
        {
            var manager = await _locator.FindAsync(null, ct).ConfigureAwait(false);
            members = await manager.MembersAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
        {
            _observer.Verbose($"Removing in the order given: the swarm's roles could not be read ({e.Message}).");
            return RemovalPlan.Order(nodes, null);
        }
        foreach (var node in nodes) SwarmReader.Enrich(node, members);
        return RemovalPlan.Order(nodes, members);
    }

    public async Task RunAsync(RemovalPlan plan, CancellationToken ct)
    {
        if (plan.TearDown)
        {
            await TearDownAsync(plan.Confirmed, ct).ConfigureAwait(false);
            await ForgetCloudFirewallAsync(ct).ConfigureAwait(false);
            return;
        }
        foreach (var batch in plan.Batches) await RemoveAllAsync(batch, ct).ConfigureAwait(false);
        if (plan.ForgetInSwarm) await ForgetInSwarmAsync(plan.Confirmed, ct).ConfigureAwait(false);
        if (_leftSwarm) await ForgetInFirewallsAsync(plan.Confirmed, ct).ConfigureAwait(false);
        await ForgetCloudFirewallAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Removes the nodes concurrently; each failure concerns its node only and is reported as such.</summary>
    private Task RemoveAllAsync(IReadOnlyList<SwarmNode> nodes, CancellationToken ct) =>
        Task.WhenAll(nodes.Select(async node =>
        {
            try
            {
                if (!_options.DropletOnly && await LeaveSwarmAsync(node, ct).ConfigureAwait(false)) _leftSwarm = true;
                try { await DeleteDropletAsync(node, ct).ConfigureAwait(false); }
                finally { NodeConnections.Forget(node); }
            }
            catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException)
            {
                _failed(node, e);
            }
        }));

    /// <summary>True when the node left a swarm.</summary>
    private async Task<bool> LeaveSwarmAsync(SwarmNode node, CancellationToken ct)
    {
        // Its swarm state is read within the same bound: a session kept from earlier may lead to a host that died since.
        var (self, state) = await NodeReach.WithinAsync(node, NodeReach.Member, async c =>
            {
                var host = await _connect(node, c).ConfigureAwait(false);
                return (host, await host.StateAsync(c).ConfigureAwait(false));
            },
            e => e.Kind is FailureKind.Connection or FailureKind.Timeout,
            e => $"{node.Name} could not be reached over SSH to take it out of its swarm first, so its droplet was kept. " +
                 "To delete it anyway, pass -DropletOnly (it is then taken out of the swarm through another manager).", ct).ConfigureAwait(false);
        var changes = new SwarmMemberEditor(_connect, _observer, ct);
        return await changes.LeaveAsync(self, state, node, () => _locator.FindAsync(node, ct), _options.Force).ConfigureAwait(false);
    }

    /// <summary>
    /// The whole swarm goes: every reachable node leaves with --force at once, then the droplets
    /// are deleted — in one request by the swarm tag when they are exactly the tag's droplets.
    /// </summary>
    private async Task TearDownAsync(IReadOnlyList<SwarmNode> nodes, CancellationToken ct)
    {
        _observer.Verbose("Every member of the swarm goes: each leaves with --force, then the droplets are deleted.");
        await SwarmTeardown.LeaveAllAsync(nodes, NodeReach.Bounded(_connect, NodeReach.Member), _observer, ct).ConfigureAwait(false);
        var tag = _options.SwarmTag;
        var tagged = (await _api.Droplets.ListByTagAsync(tag, ct).ConfigureAwait(false)).Select(d => d.Id).OrderBy(i => i);
        try
        {
            if (tagged.SequenceEqual(nodes.Select(n => n.Id).OrderBy(i => i)))
            {
                var deletion = new DropletDeletion(_api);
                var left = await deletion.DeleteByTagAsync(tag, nodes.Select(n => n.Id).ToList(), ct).ConfigureAwait(false);
                foreach (var node in nodes)
                    if (left.Contains(node.Id)) _observer.Warning(deletion.NotSeenGone(Describe(node), DeletionOutcome.StillListed));
                    else _observer.Verbose($"Deleted {Describe(node)}.");
                foreach (var node in nodes) _deleted.Add(node);
            }
            else
                await Task.WhenAll(nodes.Select(async node =>
                {
                    try { await DeleteDropletAsync(node, ct).ConfigureAwait(false); }
                    catch (Exception e) when (e is SwarmToolsException || e is DigitalOceanException) { _failed(node, e); }
                })).ConfigureAwait(false);
        }
        finally
        {
            foreach (var node in nodes) NodeConnections.Forget(node);
        }
    }

    /// <summary>
    /// Deletes the node's droplet and says "deleted" once it is gone (DigitalOcean deletes
    /// asynchronously); one still listed after the wait, or already gone, is a warning, not an error.
    /// </summary>
    private async Task DeleteDropletAsync(SwarmNode node, CancellationToken ct)
    {
        var deletion = new DropletDeletion(_api);
        switch (await deletion.DeleteAsync(node.Id, Describe(node), ct).ConfigureAwait(false))
        {
            case DeletionOutcome.Gone: _observer.Verbose($"Deleted {Describe(node)}."); break;
            case DeletionOutcome.AlreadyGone: _observer.Warning($"{Describe(node)} does not exist (already deleted?)."); break;
            case var notSeen: _observer.Warning(deletion.NotSeenGone(Describe(node), notSeen)); break;
        }
        _deleted.Add(node);
    }

    /// <summary>The swarm's droplets that remain once <paramref name="gone"/> went; -Manager among them.</summary>
    private async Task<List<SwarmNode>> RemainingAsync(IReadOnlyList<SwarmNode> gone, CancellationToken ct)
    {
        var ids = gone.Select(n => n.Id).ToList();
        var given = _options.Manager is null ? Array.Empty<SwarmNode>() : new[] { _options.Manager };
        return (await _locator.DropletsAsync(given, ct).ConfigureAwait(false)).Where(d => !ids.Contains(d.Id)).ToList();
    }

    /// <summary>
    /// -DropletOnly deleted droplets without asking their nodes to leave: a member among them is taken
    /// out of the swarm through another manager (`docker node rm --force`, demoted first if a manager),
    /// so that the swarm stops waiting for it and every member's firewall forgets its address.
    /// </summary>
    private async Task ForgetInSwarmAsync(IReadOnlyList<SwarmNode> deleted, CancellationToken ct)
    {
        var droplets = await RemainingAsync(deleted, ct).ConfigureAwait(false);
        if (droplets.Count == 0) return; // nothing of a swarm left to tell
        NodeShell manager;
        try { manager = await _locator.FindAsync(droplets, null, ct).ConfigureAwait(false); }
        catch (SwarmToolsException) // no manager answered (NoManagerFound), or none could be reached
        {
            _observer.Warning($"No manager of the swarm answered: if {string.Join(", ", deleted.Select(n => n.Name))} were swarm members, they may still be listed in it and allowed by its members' firewalls. " +
                              "Once a manager is back, run 'docker node rm --force <node>' on it and Set-SwarmFirewall.");
            return;
        }
        var members = await manager.MembersAsync(ct).ConfigureAwait(false);
        foreach (var node in deleted)
        {
            var member = members.FirstOrDefault(m => m.Address.Length > 0 && (m.Address == node.PrivateAddress || m.Address == node.PublicAddress));
            if (member is null) continue; // a bare droplet, or one that had left
            try
            {
                if (member.IsManager) await manager.DemoteAsync(member.NodeId, ct).ConfigureAwait(false);
                await manager.ForceRemoveNodeAsync(member.NodeId, ct).ConfigureAwait(false);
                _observer.Verbose($"{node.Name} was taken out of the swarm (docker node rm on {manager.Name}): its droplet is gone.");
                _leftSwarm = true;
            }
            catch (SwarmToolsException e)
            {
                _failed(node, new SwarmToolsException(e.ErrorId, e.Kind,
                    $"{node.Name}'s droplet was deleted, but it could not be taken out of the swarm ({e.Message}). Run 'docker node rm --force {member.NodeId}' on a manager, then Set-SwarmFirewall.", node.Name, e));
            }
        }
    }

    /// <summary>
    /// The members that remain stop allowing the removed nodes: DigitalOcean hands their
    /// addresses out again. Nothing to do when nothing of the swarm remains.
    /// </summary>
    private async Task ForgetInFirewallsAsync(IReadOnlyList<SwarmNode> removed, CancellationToken ct)
    {
        var droplets = await RemainingAsync(removed, ct).ConfigureAwait(false);
        if (droplets.Count == 0) return;
        NodeShell manager;
        try { manager = await _locator.FindAsync(droplets, null, ct).ConfigureAwait(false); }
        catch (NoManagerFoundException)
        {
            _observer.Warning($"No manager of the swarm answered, so the remaining nodes' firewalls may still allow {string.Join(", ", removed.Select(n => n.Name))}. Run Set-SwarmFirewall once a manager is back.");
            return;
        }
        var members = await manager.MembersAsync(ct).ConfigureAwait(false);
        var policy = (await new HostFirewall(manager).ReadAsync(ct).ConfigureAwait(false)).KeptPolicy; // the swarm's, as every manager reads it
        await new MemberFirewalls(members, droplets, NodeReach.Bounded(_connect, NodeReach.Member), _observer).ConvergeAsync(policy, null, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// When a swarm's last droplet went in this run, its cloud firewall goes too (else it would
    /// greet the next swarm made on the tag); when it cannot, a warning names it. The swarm tags
    /// are those the deleted droplets carried (a firewall of the module's covers one of them).
    /// </summary>
    private async Task ForgetCloudFirewallAsync(CancellationToken ct)
    {
        if (_deleted.IsEmpty) return;
        var deleted = _deleted.ToArray();
        var ids = deleted.Select(n => n.Id).ToList();
        var tags = deleted.SelectMany(n => n.Tags.Length > 0 ? n.Tags : new[] { _options.SwarmTag }).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        try
        {
            // Deletes are asynchronous at DigitalOcean: a droplet deleted just now may still be listed.
            var emptied = new List<string>();
            foreach (var tag in tags)
                if ((await _api.Droplets.ListByTagAsync(tag, ct).ConfigureAwait(false)).All(d => ids.Contains(d.Id))) emptied.Add(tag);
            if (emptied.Count == 0) return;
            tags = emptied;
            var firewalls = await _api.Firewalls.ListAsync(ct).ConfigureAwait(false);
            foreach (var tag in emptied)
            {
                if (CloudFirewall.Pick(firewalls, tag) is not { } found) continue;
                var (_, gone) = await CloudFirewall.DeleteAsync(_api, tag, ct).ConfigureAwait(false);
                if (gone) _observer.Verbose($"Deleted cloud firewall {found.Name} ({found.Id}): the last droplet tagged {tag} is gone.");
                else
                    _observer.Warning($"The last droplet tagged {tag} is gone, but cloud firewall {found.Name} ({found.Id}) also covers other droplets or tags, so it was kept. It still applies to any droplet tagged {tag}; delete it in the control panel if nothing else needs it.");
            }
        }
        catch (DigitalOceanException e)
        {
            _observer.Warning($"The swarm's last droplet is deleted, but its cloud firewall could not be checked or deleted ({e.Message}). A cloud firewall left by the swarm ({string.Join(" or ", tags.Select(CloudFirewall.NameFor))}) would apply to the next droplets on its tag: delete it in the control panel (the token needs firewall:read and firewall:delete).");
        }
    }
}
