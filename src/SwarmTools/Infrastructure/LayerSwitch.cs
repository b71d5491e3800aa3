using System;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Set-SwarmFirewall's mode switch: -Mode Ufw after Cloud or Both deletes the swarm's cloud firewall, -Mode Cloud
/// after Ufw or Both takes the host layer away — with Remove-SwarmFirewall's own engine code. Each change passes
/// ShouldProcess (-WhatIf names it), and the switch as a whole is asked once (ShouldContinue), the first time
/// something is to go, unless -RemoveOtherLayer. Declined, the other layer stays and a warning says so.
/// </summary>
internal sealed class LayerSwitch
{
    private readonly OutputQueue _queue;
    private readonly SwarmObserver _observer;
    private readonly FirewallMode _mode;
    private readonly string _tag;
    private readonly bool _noQuestion;
    private readonly CancellationToken _ct;
    private readonly object _gate = new object();
    private Task<bool>? _answer;
    private volatile bool _declined;
    private volatile bool _nobodyToAsk;

    public LayerSwitch(OutputQueue queue, SwarmObserver observer, FirewallMode mode, string tag, bool noQuestion, CancellationToken ct)
    {
        _queue = queue;
        _observer = observer;
        _mode = mode;
        _tag = tag;
        _noQuestion = noQuestion;
        _ct = ct;
    }

    /// <summary>-Mode Ufw: the cloud firewall goes, unless a member is not filtered by ufw (then both layers would be gone there).</summary>
    public async Task RemoveCloudAsync(DigitalOceanClient? api, int hostsFailed, CancellationToken ct)
    {
        if (api is null)
        {
            _observer.Verbose("No API token: whether a cloud firewall from an earlier -Mode Cloud or Both is in force was not checked.");
            return;
        }
        var name = CloudFirewall.NameFor(_tag);
        try
        {
            if (!(await CloudFirewall.FindAsync(api, _tag, ct).ConfigureAwait(false) is { } found)) return;
            if (!CloudFirewall.IsOnlyFor(found, _tag))
            {
                _observer.Warning($"Cloud firewall {found.Name} ({found.Id}) covers more than the droplets tagged {_tag}, so -Mode Ufw left it in force: other droplets depend on it. Delete it in the control panel if nothing else needs it.");
                return;
            }
            if (hostsFailed > 0)
            {
                _observer.Warning($"Cloud firewall {found.Name} ({found.Id}) was left in force: {hostsFailed} member(s) could not be filtered by ufw (see their errors), and removing it would leave them open. Run Set-SwarmFirewall -Mode Ufw again once they are reachable.");
                return;
            }
            var removed = await CloudFirewall.RemoveAsync(api, _tag,
                what => Confirmed("cloud firewall " + name, what + " (switching to -Mode Ufw: ufw alone filters now)",
                    $"Switching to -Mode Ufw deletes cloud firewall {name}, which the droplets tagged {_tag} are behind; ufw on every member filters alone from now on. Continue?"), ct).ConfigureAwait(false);
            if (removed != null) _observer.Verbose($"Deleted cloud firewall {removed.Name} ({removed.Id}): -Mode Ufw filters on the hosts alone.");
            else Declined($"Cloud firewall {name} was left in force, so the swarm is behind both layers. Remove-SwarmFirewall -Mode Cloud takes it away (it asks first).");
        }
        catch (DigitalOceanException e)
        {
            _observer.Warning($"The cloud firewall of the droplets tagged {_tag} was not checked or removed ({e.Message}): if an earlier -Mode Cloud or Both made one, it is still in force; Remove-SwarmFirewall -Mode Cloud takes it away.");
        }
    }

    /// <summary>-Mode Cloud: the module's host layer goes (rules, chain, after.rules block, kept policy), the cloud firewall being in force.</summary>
    public async Task RemoveHostsAsync(MemberFirewalls hosts, NodeShell manager, CancellationToken ct)
    {
        const string question = "Switching to -Mode Cloud takes the module's host firewall away on every member: its ufw rules (the members' swarm-port rules and its SSH rules stay), " +
                                "its DOCKER-USER chain and after.rules block (published ports are then open on the hosts), and the policy kept in the swarm. The cloud firewall filters alone from now on. Continue?";
        await hosts.RemoveLayerAsync(manager,
            (node, change, state) => Confirmed(node.Name, "ufw: " + string.Join("; ", change.Steps()) + " (switching to -Mode Cloud)", question),
            () => Confirmed(manager.Name, "Forget the firewall policy kept in the swarm (its docker config; switching to -Mode Cloud)", question), ct).ConfigureAwait(false);
        Declined("The module's host firewall was left on the members that were not confirmed, so they are behind both layers. Remove-SwarmFirewall -Mode Ufw takes it away (it asks first).");
    }

    // ShouldProcess first (-WhatIf, -Confirm), then the one question for the whole switch.
    private async Task<bool> Confirmed(string target, string action, string question)
    {
        if (!await _observer.ShouldProcessAsync(target, action).ConfigureAwait(false)) return false;
        if (_noQuestion) return true;
        Task<bool> answer;
        lock (_gate) answer = _answer ??= _queue.Ask(c => Ask(c, question), _ct);
        if (await answer.ConfigureAwait(false)) return true;
        _declined = true;
        return false;
    }

    private bool Ask(Cmdlet cmdlet, string question)
    {
        try { return cmdlet.ShouldContinue(question, $"Set-SwarmFirewall -Mode {_mode}"); }
        catch (Exception e) when (e is PSInvalidOperationException || e is HostException || e is NotSupportedException)
        {
            _nobodyToAsk = true; // a non-interactive session: nobody can answer, so nothing goes
            return false;
        }
    }

    private void Declined(string what)
    {
        if (!_declined) return;
        _observer.Warning(what + (_nobodyToAsk ? " (Nobody could be asked in this session: pass -RemoveOtherLayer to switch without the question.)" : ""));
    }
}
