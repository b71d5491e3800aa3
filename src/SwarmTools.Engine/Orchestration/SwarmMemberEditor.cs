using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// Changes to one member of a swarm, made through a manager: role (with the quorum guard),
/// availability, labels, and the safe way out (drain, demote, leave, node rm).
/// </summary>
public sealed class SwarmMemberEditor
{
    private readonly Func<SwarmNode, CancellationToken, Task<NodeShell>> _connect;
    private readonly ISwarmObserver _observer;
    private readonly CancellationToken _ct;

    public SwarmMemberEditor(Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, ISwarmObserver observer, CancellationToken ct)
    {
        _connect = connect;
        _observer = observer;
        _ct = ct;
    }

    /// <summary>The node as the manager sees it (null when it is not a member).</summary>
    public async Task<SwarmMember?> MemberAsync(NodeShell manager, SwarmNode node) =>
        Find(await manager.MembersAsync(_ct).ConfigureAwait(false), node);

    /// <summary>
    /// The manager a change to <paramref name="node"/> goes through: for a demotion another manager than
    /// the node itself. When the node is the only manager that answers and the swarm has no other, that
    /// is said as it is (OnlyManager), not as "no manager found".
    /// </summary>
    public async Task<NodeShell> ManagerForAsync(ManagerLocator locator, SwarmNode node, SwarmRole? role)
    {
        if (role != SwarmRole.Worker) return await locator.FindAsync(null, _ct).ConfigureAwait(false);
        try { return await locator.FindAsync(node, _ct).ConfigureAwait(false); }
        catch (NoManagerFoundException)
        {
            var self = await locator.FindAsync(null, _ct).ConfigureAwait(false);
            if (self.Node.Id == node.Id && (await self.MembersAsync(_ct).ConfigureAwait(false)).Count(m => m.IsManager) <= 1)
                throw MemberErrors.OnlyManager(node);
            throw;
        }
    }

    public async Task SetRoleAsync(NodeShell manager, SwarmNode node, SwarmRole role, bool force)
    {
        var members = await manager.MembersAsync(_ct).ConfigureAwait(false);
        var member = Require(members, node);
        if (member.Role == role)
        {
            _observer.Verbose($"{node.Name} is already a {NodeShell.DockerName(role)}: nothing to do.");
            return;
        }
        if (role == SwarmRole.Manager)
        {
            if (member.Status != NodeStatus.Ready)
                throw MemberErrors.NotReadyToPromote(node, member);
            if (!await _observer.ShouldProcessAsync(node.Name, "Promote to manager").ConfigureAwait(false)) return;
            await FirewallForRoleAsync(manager, node, members, isManager: true).ConfigureAwait(false); // 2377 open before the others dial it
            await manager.PromoteAsync(member.NodeId, _ct).ConfigureAwait(false);
            await ManagerReachability.WaitAsync(manager, node, member.NodeId, _observer, _ct).ConfigureAwait(false);
        }
        else
        {
            CheckQuorum(members, node, "demote", force);
            if (!await _observer.ShouldProcessAsync(node.Name, "Demote to worker").ConfigureAwait(false)) return;
            await manager.DemoteAsync(member.NodeId, _ct).ConfigureAwait(false);
            await FirewallForRoleAsync(manager, node, members, isManager: false).ConfigureAwait(false);
        }
    }

    /// <summary>A manager's firewall has 2377 open to the members; a worker's does not.</summary>
    private async Task FirewallForRoleAsync(NodeShell manager, SwarmNode node, IReadOnlyList<SwarmMember> members, bool isManager)
    {
        var firewall = new SwarmFirewall(() => SwarmFirewall.AddressesOf(members));
        var policy = await firewall.KeptPolicyAsync(manager, _ct).ConfigureAwait(false);
        await firewall.ConvergeAsync(await _connect(node, _ct).ConfigureAwait(false), isManager, policy, _ct).ConfigureAwait(false);
    }

    public async Task SetAvailabilityAsync(NodeShell manager, SwarmNode node, NodeAvailability availability)
    {
        var member = Require(await manager.MembersAsync(_ct).ConfigureAwait(false), node);
        if (member.Availability == availability)
        {
            _observer.Verbose($"{node.Name} is already {NodeShell.DockerName(availability)}: nothing to do.");
            return;
        }
        if (!await _observer.ShouldProcessAsync(node.Name, $"Set availability to {availability}").ConfigureAwait(false)) return;
        await manager.SetAvailabilityAsync(member.NodeId, availability, _ct).ConfigureAwait(false);
    }

    public async Task SetLabelsAsync(NodeShell manager, SwarmNode node, IReadOnlyDictionary<string, string> add, IReadOnlyCollection<string> remove)
    {
        var member = Require(await manager.MembersAsync(_ct).ConfigureAwait(false), node);
        var have = member.Labels.ToDictionary(l => l.Split('=')[0], l => l.Contains("=") ? l.Substring(l.IndexOf('=') + 1) : "");
        var toAdd = add.Where(kv => !have.TryGetValue(kv.Key, out var v) || v != kv.Value).Select(kv => $"{kv.Key}={kv.Value}").ToList();
        var toRemove = remove.Where(have.ContainsKey).ToList();
        if (toAdd.Count == 0 && toRemove.Count == 0)
        {
            _observer.Verbose($"{node.Name} has those labels already: nothing to do.");
            return;
        }
        if (!await _observer.ShouldProcessAsync(node.Name, $"Set labels {string.Join(", ", toAdd)}{(toRemove.Count > 0 ? "; remove " + string.Join(", ", toRemove) : "")}").ConfigureAwait(false)) return;
        await manager.SetLabelsAsync(member.NodeId, toAdd, toRemove, _ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes a node out of its swarm the safe way: drain (its tasks move elsewhere), demote if
    /// it is a manager (never breaking quorum without <paramref name="force"/>), leave, then
    /// `docker node rm` on another manager. True when the node left a swarm; false when it was in
    /// none, or the user declined (-WhatIf, -Confirm).
    /// </summary>
    /// <param name="state">The node's swarm state, as <paramref name="self"/> just read it.</param>
    public async Task<bool> LeaveAsync(NodeShell self, NodeSwarmState state, SwarmNode node, Func<Task<NodeShell>> otherManager, bool force)
    {
        if (state.IsInactive)
        {
            _observer.Verbose($"{node.Name} is not in a swarm.");
            return false;
        }
        NodeShell manager;
        try { manager = await otherManager().ConfigureAwait(false); }
        catch (NoManagerFoundException)
        {
            if (state.IsManager) return await EndSwarmAsync(self, node, force).ConfigureAwait(false);
            if (!force) throw;
            // A worker whose managers are gone: leaving is all that is left to do.
            _observer.Warning($"{node.Name}'s swarm has no reachable manager: it leaves without being removed from the node list.");
            await self.LeaveAsync(_ct).ConfigureAwait(false);
            return true;
        }
        var members = await manager.MembersAsync(_ct).ConfigureAwait(false);
        var member = Find(members, node);
        if (member is null)
        {
            if (!await _observer.ShouldProcessAsync(node.Name, "Leave its swarm").ConfigureAwait(false)) return false;
            await self.LeaveAsync(_ct).ConfigureAwait(false);
            return true;
        }
        if (member.IsManager) CheckQuorum(members, node, "remove", force);
        if (!await _observer.ShouldProcessAsync(node.Name, $"Drain{(member.IsManager ? ", demote" : "")}, leave the swarm and remove it from the node list").ConfigureAwait(false))
            return false;
        if (member.Availability != NodeAvailability.Drain) await manager.SetAvailabilityAsync(member.NodeId, NodeAvailability.Drain, _ct).ConfigureAwait(false);
        if (member.IsManager)
        {
            await manager.DemoteAsync(member.NodeId, _ct).ConfigureAwait(false);
            await WaitDemotedAsync(self, node).ConfigureAwait(false);
        }
        await self.LeaveAsync(_ct).ConfigureAwait(false);
        await WaitDownAsync(manager, member.NodeId).ConfigureAwait(false);
        await manager.RemoveNodeAsync(member.NodeId, _ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>The last manager leaving ends the swarm: only with -Force, and said out loud.</summary>
    private async Task<bool> EndSwarmAsync(NodeShell self, SwarmNode node, bool force)
    {
        var others = (await self.MembersAsync(_ct).ConfigureAwait(false)).Count - 1;
        if (!force)
            throw MemberErrors.LastManagerEndsSwarm(node, others);
        if (!await _observer.ShouldProcessAsync(node.Name, "Leave the swarm as its last manager, ending the swarm").ConfigureAwait(false)) return false;
        _observer.Warning($"{node.Name} was the swarm's last manager: the swarm is gone{(others > 0 ? $"; its {others} other node(s) are stranded" : "")}.");
        await self.ChangeAsync("docker swarm leave --force", _ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Refuses to take away a manager when that loses quorum, or lowers fault tolerance without -Force.</summary>
    private void CheckQuorum(IReadOnlyList<SwarmMember> members, SwarmNode node, string verb, bool force)
    {
        var managers = members.Where(m => m.IsManager).ToList();
        var reachableOthers = managers.Count(m => m.ManagerStatus is ManagerStatus.Leader or ManagerStatus.Reachable && !IsNode(m, node));
        var after = managers.Count - 1;
        if (after == 0)
            throw MemberErrors.OnlyManager(node);
        if (reachableOthers < after / 2 + 1)
            throw MemberErrors.QuorumAtRisk(node, verb, reachableOthers, after);
        var before = Quorum.FaultTolerance(managers.Count);
        var then = Quorum.FaultTolerance(after);
        if (then < before && !force)
            throw MemberErrors.FaultToleranceWouldDrop(node, verb, after, then, before);
        if (then < before) _observer.Warning($"After this the swarm has {after} manager(s), tolerating {then} failure(s) (was {before}).");
    }

    // The node learns of its demotion a moment later; until then `docker swarm leave` refuses.
    private async Task WaitDemotedAsync(NodeShell self, SwarmNode node)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while ((await self.StateAsync(_ct).ConfigureAwait(false)).IsManager)
        {
            if (DateTimeOffset.UtcNow > deadline)
                throw MemberErrors.DemotionNotSeen(node);
            _observer.Progress($"Waiting for {node.Name} to see its demotion");
            await Task.Delay(TimeSpan.FromMilliseconds(500), _ct).ConfigureAwait(false);
        }
    }

    // `docker node rm` refuses a node that is not yet seen as down after it left.
    private async Task WaitDownAsync(NodeShell manager, string nodeId)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var m = (await manager.MembersAsync(_ct).ConfigureAwait(false)).FirstOrDefault(x => x.NodeId == nodeId);
            if (m is null || m.Status == NodeStatus.Down) return;
            await Task.Delay(TimeSpan.FromSeconds(1), _ct).ConfigureAwait(false);
        }
    }

    private static SwarmMember? Find(IReadOnlyList<SwarmMember> members, SwarmNode node) =>
        members.FirstOrDefault(m => IsNode(m, node));

    private static bool IsNode(SwarmMember m, SwarmNode node) =>
        (node.SwarmNodeId != null && m.NodeId == node.SwarmNodeId) || m.Address == node.PrivateAddress || m.Address == node.PublicAddress;

    private static SwarmMember Require(IReadOnlyList<SwarmMember> members, SwarmNode node) =>
        Find(members, node) ?? throw MemberErrors.NotAMember(node);
}
