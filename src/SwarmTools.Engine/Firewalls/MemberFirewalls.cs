using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// Every member's host firewall brought in line at once, in parallel: by Set-SwarmFirewall with
/// the policy it was given, and after a removal with the policy kept on the swarm. A member
/// without a droplet, or one that cannot be reached, is named; the others go on.
/// </summary>
public sealed class MemberFirewalls
{
    private readonly IReadOnlyList<SwarmMember> _members;
    private readonly IReadOnlyList<SwarmNode> _droplets;
    private readonly Func<SwarmNode, CancellationToken, Task<NodeShell>> _reach;
    private readonly ISwarmObserver _observer;

    /// <param name="reach">Connects to a member that is up (with a short deadline: a dead member must not stall the others).</param>
    private readonly IReadOnlyCollection<long>? _existing;

    /// <param name="existing">The droplets the API lists under the swarm tag now, when it is at hand (see <see cref="Live"/>).</param>
    public MemberFirewalls(IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode> droplets,
        Func<SwarmNode, CancellationToken, Task<NodeShell>> reach, ISwarmObserver observer, IReadOnlyCollection<long>? existing = null)
    {
        _existing = existing;
        _members = members;
        _droplets = droplets;
        _reach = reach;
        _observer = observer;
    }

    /// <summary>The droplet of a member, matched by the address it advertises.</summary>
    public static SwarmNode? DropletOf(SwarmMember member, IEnumerable<SwarmNode> droplets) =>
        droplets.FirstOrDefault(d => member.Address == d.PrivateAddress || member.Address == d.PublicAddress);

    /// <summary>
    /// The whole host layer goes (Remove-SwarmFirewall, and Set-SwarmFirewall -Mode Cloud switching from Ufw or Both): every
    /// member's rules, chain and after.rules block, then the policy kept in the swarm, or the next join would apply it again.
    /// <paramref name="confirmForget"/> is asked before the kept policy goes.
    /// </summary>
    public async Task RemoveLayerAsync(NodeShell manager, Func<SwarmNode, FirewallChange, HostFirewallState, Task<bool>> confirm,
        Func<Task<bool>> confirmForget, CancellationToken ct)
    {
        await RemoveAsync(confirm, ct).ConfigureAwait(false);
        await new SwarmFirewall(() => Array.Empty<string>()).ForgetAsync(manager, confirmForget, ct).ConfigureAwait(false);
    }

    /// <summary>Takes the module's host firewall away on every member (Remove-SwarmFirewall); a member that cannot be reached is named.</summary>
    public async Task RemoveAsync(Func<SwarmNode, FirewallChange, HostFirewallState, Task<bool>> confirm, CancellationToken ct)
    {
        var addresses = SwarmFirewall.AddressesOf(_members);
        await Task.WhenAll(_members.Select(member => (Member: member, Node: DropletOf(member, _droplets))).Select(m => Task.Run(async () =>
        {
            if (m.Node is null)
            {
                _observer.Warning($"Member {m.Member.Hostname} ({m.Member.Address}) has no droplet among the swarm's: its firewall was not removed. Pass its droplet on the pipeline, or check -SwarmTag.");
                return;
            }
            try
            {
                var host = await _reach(m.Node, ct).ConfigureAwait(false);
                var change = await new HostFirewall(host).RemoveAsync(m.Member.IsManager, addresses, (c, state) => confirm(m.Node, c, state), ct).ConfigureAwait(false);
                if (change.IsEmpty) _observer.Verbose($"{m.Node.Name}: nothing of the module's firewall is left.");
            }
            catch (SwarmToolsException e)
            {
                _observer.NodeFailed(m.Node, e);
            }
        }, ct))).ConfigureAwait(false);
    }

    /// <summary>
    /// The live membership: a member that is Down and has no droplet under the swarm tag is gone (removed
    /// with -DropletOnly, deleted in the console), and DigitalOcean hands its address to someone else —
    /// no member's firewall admits it any longer.
    /// </summary>
    /// <param name="existing">The ids of the droplets the API lists under the swarm tag now (null without the API): a droplet
    /// given on the pipeline (a Swarm object from earlier) may have been deleted since.</param>
    public static IReadOnlyList<SwarmMember> Live(IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode> droplets, ISwarmObserver observer,
        IReadOnlyCollection<long>? existing = null)
    {
        var live = new List<SwarmMember>();
        foreach (var member in members)
        {
            var droplet = DropletOf(member, droplets);
            if (member.Status == NodeStatus.Down && (droplet is null || (existing != null && !existing.Contains(droplet.Id))))
                observer.Verbose($"Member {member.Hostname} ({member.Address}) is Down and has no droplet under the swarm tag: it is gone, and no member's firewall admits it any longer. ('docker node rm {member.NodeId}' on a manager takes it out of the swarm's list.)");
            else live.Add(member);
        }
        return live;
    }

    /// <summary>
    /// Converges the members (or only those in <paramref name="only"/>) on <paramref name="policy"/>, or,
    /// when it is null, each on the policy kept on it (what a removal does: the same policy, fewer members).
    /// <paramref name="confirm"/> may decline or refuse a node's change; by default it is applied.
    /// Returns how many members failed (each named through the observer).
    /// </summary>
    public async Task<int> ConvergeAsync(FirewallPolicy? policy, IReadOnlyCollection<long>? only, CancellationToken ct,
        Func<SwarmNode, FirewallChange, HostFirewallState, Task<bool>>? confirm = null)
    {
        var live = Live(_members, _droplets, _observer, _existing);
        var firewall = new SwarmFirewall(() => SwarmFirewall.AddressesOf(live));
        var work = new List<Task>();
        var failed = 0;
        foreach (var member in live)
        {
            var node = DropletOf(member, _droplets);
            if (node is null)
            {
                _observer.Warning($"Member {member.Hostname} ({member.Address}) has no droplet among the swarm's: its firewall was not set. Pass its droplet on the pipeline, or check -SwarmTag.");
                continue;
            }
            if (only != null && !only.Contains(node.Id)) continue;
            work.Add(Task.Run(async () =>
            {
                try
                {
                    var host = await _reach(node, ct).ConfigureAwait(false);
                    var change = await firewall.ConvergeAsync(host, member.IsManager, policy ?? await firewall.KeptPolicyAsync(host, ct).ConfigureAwait(false), ct,
                        confirm is null ? null : (c, state) => confirm(node, c, state)).ConfigureAwait(false);
                    if (change.IsEmpty) _observer.Verbose($"{node.Name}: the firewall is as asked already.");
                }
                catch (SwarmToolsException e)
                {
                    Interlocked.Increment(ref failed);
                    _observer.NodeFailed(node, e);
                }
            }, ct));
        }
        await Task.WhenAll(work).ConfigureAwait(false);
        return failed;
    }
}
