using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// The swarm's host firewalls during one run: one <see cref="HostFirewall"/> per node, all
/// converging on the same membership. Set-SwarmFirewall, the joins of Initialize-Swarm and
/// Join-SwarmNode, Set-SwarmNode's role changes and Remove-SwarmNode all go through here.
/// </summary>
public sealed class SwarmFirewall
{
    private readonly ConcurrentDictionary<long, HostFirewall> _hosts = new ConcurrentDictionary<long, HostFirewall>();
    private readonly Func<IReadOnlyCollection<string>> _members;

    /// <param name="members">The addresses the members advertise, asked each time a host's turn comes.</param>
    public SwarmFirewall(Func<IReadOnlyCollection<string>> members) => _members = members;

    public HostFirewall For(NodeShell host) => _hosts.GetOrAdd(host.Node.Id, _ => new HostFirewall(host));

    /// <summary>
    /// The policy Set-SwarmFirewall kept in the swarm, read on <paramref name="manager"/> (any manager reads the same);
    /// for a swarm set before the policy was kept there, the one kept on that host; members-only when it never ran.
    /// </summary>
    public async Task<FirewallPolicy> KeptPolicyAsync(NodeShell manager, CancellationToken ct) =>
        (await For(manager).ReadAsync(ct).ConfigureAwait(false)).KeptPolicy;

    /// <summary>Keeps <paramref name="policy"/> in the swarm through <paramref name="manager"/>, unless it is there already; true when it was written.</summary>
    public async Task<bool> KeepAsync(NodeShell manager, FirewallPolicy policy, Func<Task<bool>> confirm, CancellationToken ct)
    {
        var json = policy.ToJson();
        if ((await For(manager).ReadAsync(ct).ConfigureAwait(false)).SwarmPolicyJson == json || !await confirm().ConfigureAwait(false)) return false;
        await manager.ChangeAsync(SwarmPolicyConfig.WriteCommand(json), "keep the firewall policy in the swarm (docker config " + SwarmPolicyConfig.NameFor(json) + ")", ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Forgets the policy kept in the swarm through <paramref name="manager"/>, so that later joins and
    /// removals stop applying it (Remove-SwarmFirewall); true when there was one and it went.
    /// </summary>
    public async Task<bool> ForgetAsync(NodeShell manager, Func<Task<bool>> confirm, CancellationToken ct)
    {
        if ((await For(manager).ReadAsync(ct).ConfigureAwait(false)).SwarmPolicyJson.Length == 0 || !await confirm().ConfigureAwait(false)) return false;
        await manager.ChangeAsync(SwarmPolicyConfig.RemoveCommand, "forget the firewall policy kept in the swarm", ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Brings <paramref name="host"/> in line; the change is applied unless <paramref name="confirm"/> declines it.</summary>
    public Task<FirewallChange> ConvergeAsync(NodeShell host, bool isManager, FirewallPolicy policy, CancellationToken ct,
        Func<FirewallChange, HostFirewallState, Task<bool>>? confirm = null) =>
        For(host).ConvergeAsync(policy, isManager, _members, confirm ?? ((_, _) => Task.FromResult(true)), ct);

    /// <summary>The member addresses of a swarm as its manager lists them (the address each advertises).</summary>
    public static IReadOnlyCollection<string> AddressesOf(IEnumerable<SwarmMember> members) =>
        members.Select(m => m.Address).Where(a => a.Length > 0).Select(FirewallSource.Normalize).Distinct().ToList();
}
