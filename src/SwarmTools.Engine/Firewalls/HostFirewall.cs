using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// One node's ufw during one run: read once, then changed by differences only. Rounds on the
/// same host wait for each other, and each computes its members when its turn comes, so rounds
/// started by concurrent joins converge on the latest membership instead of undoing each other.
/// </summary>
public sealed class HostFirewall
{
    private readonly SemaphoreSlim _turn = new SemaphoreSlim(1, 1);
    private HostFirewallState? _state;
    // What the host was last brought in line with: the same again needs no reading, no computing.
    private (string Policy, bool IsManager, HashSet<string> Members)? _inLine;

    public HostFirewall(NodeShell host) => Host = host;

    public NodeShell Host { get; }

    public async Task<HostFirewallState> ReadAsync(CancellationToken ct)
    {
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try { return await StateAsync(ct).ConfigureAwait(false); }
        finally { _turn.Release(); }
    }

    /// <summary>
    /// Brings the host in line with <paramref name="policy"/> for the members <paramref name="members"/>
    /// names at that moment. <paramref name="confirm"/> sees the change and the host's state first and
    /// may decline it (-WhatIf) or refuse it.
    /// Returns the change (empty when the host was in line already).
    /// </summary>
    public async Task<FirewallChange> ConvergeAsync(FirewallPolicy policy, bool isManager, Func<IReadOnlyCollection<string>> members,
        Func<FirewallChange, HostFirewallState, Task<bool>> confirm, CancellationToken ct)
    {
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var state = await StateAsync(ct).ConfigureAwait(false);
            if (!state.HasUfw)
                throw new SwarmToolsException(ErrorIds.UfwMissing, FailureKind.InvalidOperation,
                    $"ufw is not installed on {Host.Name}. Install it (apt-get install ufw) or use -Mode Cloud.", Host.Name);
            var addresses = members();
            var json = policy.ToJson();
            if (_inLine is { } last && last.Policy == json && last.IsManager == isManager && last.Members.SetEquals(addresses))
                return new FirewallChange(); // rounds queued behind one that admitted the same members
            var wanted = FirewallPlan.Wanted(policy, isManager, addresses, state.SshLimited);
            var interfaces = state.InterfacesOf(new[] { Host.Node.PublicAddress, Host.Node.PrivateAddress });
            var block = PublishedPortFilter.Block(policy, addresses, interfaces, Host.Name); // before any change: no interface, no change here
            var change = FirewallChange.Between(state, policy, wanted, block);
            if (!change.IsEmpty)
            {
                if (!await confirm(change, state).ConfigureAwait(false)) return change;
                await Host.ChangeAsync(change.Script(), "ufw: " + string.Join("; ", change.Steps()), ct).ConfigureAwait(false);
                _state = state.After(change);
            }
            _inLine = (json, isManager, new HashSet<string>(addresses));
            return change;
        }
        finally { _turn.Release(); }
    }

    /// <summary>Takes away what the module owns on the host (<see cref="FirewallChange.Removal"/>), unless <paramref name="confirm"/> declines.</summary>
    public async Task<FirewallChange> RemoveAsync(bool isManager, IReadOnlyCollection<string> members,
        Func<FirewallChange, HostFirewallState, Task<bool>> confirm, CancellationToken ct)
    {
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var state = await StateAsync(ct).ConfigureAwait(false);
            if (!state.HasUfw) return new FirewallChange();
            var change = FirewallChange.Removal(state, isManager, members);
            if (change.IsEmpty || !await confirm(change, state).ConfigureAwait(false)) return change;
            await Host.ChangeAsync(change.Script(), "ufw: " + string.Join("; ", change.Steps()), ct).ConfigureAwait(false);
            _state = null;
            _inLine = null;
            return change;
        }
        finally { _turn.Release(); }
    }

    private async Task<HostFirewallState> StateAsync(CancellationToken ct) =>
        _state ??= HostFirewallState.Parse(await Host.ReadAsync(HostFirewallState.ReadCommand, ct).ConfigureAwait(false));
}
