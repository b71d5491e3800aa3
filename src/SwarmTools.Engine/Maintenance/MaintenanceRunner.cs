using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Health;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Maintenance;

/// <summary>
/// Carries out one node's maintenance steps, each within its own bound, through a manager other than
/// the node; after each step the node's label names the next one, so a stopped run carries on there.
/// A step that fails or outlasts its bound is MaintenanceStepFailed naming node, step and output.
/// </summary>
public sealed class MaintenanceRunner
{
    /// <summary>Long enough for the scheduler to start a node's tasks elsewhere (image pulls included); a task that cannot move is a finding, not a stall.</summary>
    public static readonly TimeSpan DrainBound = TimeSpan.FromMinutes(3);
    /// <summary>A droplet's reboot action takes about a minute; a reboot over SSH until the host answers with a new boot id.</summary>
    public static readonly TimeSpan RebootBound = TimeSpan.FromMinutes(5);
    /// <summary>SSH, Docker, Ready (and Reachable for a manager) after a reboot.</summary>
    public static readonly TimeSpan ReadyBound = TimeSpan.FromMinutes(3);
    /// <summary>A manager back from a reboot is Reachable again within seconds; the leader's election takes a few more.</summary>
    public static readonly TimeSpan VerifyBound = TimeSpan.FromSeconds(90);
    /// <summary>A change through a manager during an election: tried again for this long.</summary>
    public static readonly TimeSpan ManagerBound = TimeSpan.FromSeconds(60);
    /// <summary>One attempt to reach a node that is coming back: a session kept from before the reboot may never answer.</summary>
    private static readonly TimeSpan Attempt = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private const string Services = "docker service ls --filter mode=replicated --format '{{.Name}} {{.Replicas}}'";
    /// <summary>What Verify waits for: Test-Swarm's quorum checks, and every member Ready (a new leader sees members Unknown until they report to it).</summary>
    private static readonly IReadOnlyList<ISwarmCheck> QuorumChecks = HealthChecks.Select(new[] { "Quorum", "Leader", "NodeStatus" }, Array.Empty<string>());

    private readonly IReadOnlyList<SwarmNode> _droplets;
    private readonly string _swarmTag;
    private readonly Func<SwarmNode, CancellationToken, Task<NodeShell>> _connect;
    private readonly Func<SwarmNode, CancellationToken, Task<IRemoteShell>> _shell;
    private readonly DigitalOceanClient? _api;
    private readonly ISwarmObserver _observer;

    /// <param name="droplets">The swarm's droplets: where a manager is looked for, and what the health checks compare with.</param>
    /// <param name="connect">A node's docker commands (its kept SSH session).</param>
    /// <param name="shell">A node's shell, for the user's command.</param>
    /// <param name="api">For -RebootVia Api; null otherwise.</param>
    public MaintenanceRunner(IReadOnlyList<SwarmNode> droplets, string swarmTag, Func<SwarmNode, CancellationToken, Task<NodeShell>> connect,
        Func<SwarmNode, CancellationToken, Task<IRemoteShell>> shell, DigitalOceanClient? api, ISwarmObserver observer)
    {
        _droplets = droplets;
        _swarmTag = swarmTag;
        _connect = connect;
        _shell = shell;
        _api = api;
        _observer = observer;
    }

    /// <summary>Quorum, Leader and NodeStatus findings that were not Pass before the run (an even manager count, say): Verify accepts no more than these.</summary>
    public int BaselineConcerns { get; set; }

    /// <summary>Every droplet of the plan answers over SSH (its Docker too) within <see cref="NodeReach.Member"/>, else MaintenanceSwarmNotReady: found up front, not as a stall halfway.</summary>
    public async Task ProbeAsync(IEnumerable<SwarmNode> nodes, CancellationToken ct)
    {
        var probes = nodes.Select(async n =>
        {
            try
            {
                await NodeReach.WithinAsync(n, NodeReach.Member, async c => await (await _connect(n, c).ConfigureAwait(false)).StateAsync(c).ConfigureAwait(false),
                    e => e.Kind != FailureKind.Security, e => e.Message, ct).ConfigureAwait(false);
                return null;
            }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security) { return $"{n.Name}: {e.Message}"; }
        }).ToList();
        var unreachable = (await Task.WhenAll(probes).ConfigureAwait(false)).Where(m => m != null).ToList();
        if (unreachable.Count > 0)
            throw new SwarmToolsException(ErrorIds.MaintenanceSwarmNotReady, FailureKind.Connection,
                $"Not every node answers: {string.Join("; ", unreachable)}. Nothing was changed; bring them back (or leave them out with -Node), then run again.", unreachable[0]!.Split(':')[0]);
    }

    /// <summary>How many Quorum, Leader and NodeStatus findings are not Pass now.</summary>
    public async Task<int> ConcernsAsync(SwarmNode? except, CancellationToken ct)
    {
        var manager = await ManagerAsync(except, ct).ConfigureAwait(false);
        return (await QuorumFindingsAsync(manager, ct).ConfigureAwait(false)).Count(f => f.Status != CheckStatus.Pass);
    }

    /// <summary>
    /// Runs <paramref name="step"/> on the node (the -Command step with <paramref name="command"/>), then labels the
    /// node with the step that comes next (or done). Returns what the step did, for the node's result.
    /// </summary>
    public async Task<string> RunAsync(MaintenanceTarget node, MaintenanceStep step, string? command, TimeSpan commandTimeout, RebootMethod via, CancellationToken ct)
    {
        string output;
        try
        {
            output = step switch
            {
                MaintenanceStep.Drain => await DrainAsync(node, ct).ConfigureAwait(false),
                MaintenanceStep.Command => await CommandAsync(node, command ?? "", commandTimeout, ct).ConfigureAwait(false),
                MaintenanceStep.Reboot => via == RebootMethod.Api ? await RebootByApiAsync(node, ct).ConfigureAwait(false) : await RebootOverSshAsync(node, ct).ConfigureAwait(false),
                MaintenanceStep.WaitReady => await WaitReadyAsync(node, ct).ConfigureAwait(false),
                MaintenanceStep.Restore => await RestoreAsync(node, ct).ConfigureAwait(false),
                _ => await VerifyAsync(node, ct).ConfigureAwait(false),
            };
        }
        catch (MaintenanceStepFailedException) { throw; }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw Failed(node, step, e is OperationCanceledException ? "it did not finish in time." : e.Message, e);
        }
        await MarkAsync(node, node.After(step), ct).ConfigureAwait(false);
        return output;
    }

    /// <summary>Labels the node with its next step, or done after the last.</summary>
    public async Task MarkAsync(MaintenanceTarget node, MaintenanceStep? next, CancellationToken ct)
    {
        var word = next is { } n ? MaintenanceLabels.Word(n) : MaintenanceLabels.Done;
        await OnManagerAsync(node.Droplet, m => m.SetLabelsAsync(node.Member.NodeId, new[] { $"{MaintenanceLabels.Step}={word}" }, Array.Empty<string>(), ct), ct).ConfigureAwait(false);
    }

    /// <summary>The end of a run: the maintenance labels come off every member that has them.</summary>
    public async Task ClearLabelsAsync(CancellationToken ct)
    {
        await OnManagerAsync(null, async manager =>
        {
            foreach (var member in await manager.MembersAsync(ct).ConfigureAwait(false))
            {
                var present = MaintenanceLabels.Names.Where(l => MaintenanceLabels.Value(member, l) != null).ToList();
                if (present.Count > 0) await manager.SetLabelsAsync(member.NodeId, Array.Empty<string>(), present, ct).ConfigureAwait(false);
            }
        }, ct).ConfigureAwait(false);
    }

    /// <summary>The failure of a step: node, step, what happened, and where things stand.</summary>
    public static MaintenanceStepFailedException Failed(MaintenanceTarget node, MaintenanceStep step, string detail, Exception? inner = null)
    {
        var state = step == MaintenanceStep.Verify ? $"its availability is restored ({node.RestoreTo})" : "it is left drained";
        return new MaintenanceStepFailedException(
            $"Maintenance stopped at {node.Name}, step {MaintenanceLabels.Word(step)}: {Clip(detail)} {node.Name}: {state}, labelled {MaintenanceLabels.Step}={MaintenanceLabels.Word(step)}. " +
            "Fix the cause and run Invoke-SwarmMaintenance again: it carries on from this step.", node.Name, inner);
    }

    private async Task<string> DrainAsync(MaintenanceTarget node, CancellationToken ct)
    {
        var id = node.Member.NodeId;
        var shortBefore = await OnManagerAsync(node.Droplet, async manager =>
        {
            var me = (await manager.MembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => m.NodeId == id)
                     ?? throw new SwarmToolsException(ErrorIds.NotASwarmMember, FailureKind.InvalidOperation, $"{node.Name} is no longer a member of the swarm.", node.Name);
            // What to restore is recorded before the drain, once: a re-run finds the node drained by this run.
            var labels = new List<string> { $"{MaintenanceLabels.Step}={MaintenanceLabels.Word(MaintenanceStep.Drain)}" };
            if (MaintenanceLabels.Value(me, MaintenanceLabels.Availability) is null) labels.Add($"{MaintenanceLabels.Availability}={NodeShell.DockerName(me.Availability)}");
            await manager.SetLabelsAsync(id, labels, Array.Empty<string>(), ct).ConfigureAwait(false);
            // Services short of replicas before the drain are not this node's to wait for.
            var before = Short(await manager.ReadAsync(Services, ct).ConfigureAwait(false));
            if (me.Availability != NodeAvailability.Drain) await manager.SetAvailabilityAsync(id, NodeAvailability.Drain, ct).ConfigureAwait(false);
            return before;
        }, ct).ConfigureAwait(false);
        var deadline = DateTimeOffset.UtcNow + DrainBound;
        var why = "";
        while (true)
        {
            try
            {
                var manager = await ManagerAsync(node.Droplet, ct).ConfigureAwait(false);
                // Scheduled there, or still running there: Docker counts a drained task that still runs among a service's
                // running replicas, so the count below means "elsewhere" only once none runs on the node.
                var onNode = Lines(await manager.ReadAsync("docker node ps " + NodeShell.Quote(id) + " --format '{{.Name}}|{{.DesiredState}}|{{.CurrentState}}'", ct).ConfigureAwait(false))
                    .Select(l => l.Split('|')).Where(t => t.Length == 3 && (t[1] == "Running" || t[2].StartsWith("Running", StringComparison.Ordinal))).Select(t => t[0]).ToList();
                var waiting = Short(await manager.ReadAsync(Services, ct).ConfigureAwait(false)).Except(shortBefore).ToList();
                if (onNode.Count == 0 && waiting.Count == 0) return "drained; its tasks run elsewhere";
                why = $"still on it: {(onNode.Count == 0 ? "none" : string.Join(", ", onNode))}; short of replicas: {(waiting.Count == 0 ? "none" : string.Join(", ", waiting))}";
            }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security) { why = e.Message; }
            if (DateTimeOffset.UtcNow > deadline)
                throw Failed(node, MaintenanceStep.Drain, $"its tasks did not move within {DrainBound.TotalMinutes:0} min ({why}); " +
                    "a placement constraint may tie them to this node (docker service ps <service>).");
            _observer.Verbose($"{node.Name}: waiting for its tasks to run elsewhere ({why})");
            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }

    private async Task<string> CommandAsync(MaintenanceTarget node, string command, TimeSpan timeout, CancellationToken ct)
    {
        var shell = await NodeReach.WithinAsync(node.Droplet, NodeReach.Member, c => _shell(node.Droplet, c), e => e.Kind != FailureKind.Security,
            e => $"{node.Name} could not be reached over SSH within {NodeReach.Member.TotalSeconds:0} s: {e.Message}", ct).ConfigureAwait(false);
        var result = await shell.RunAsync(command, null, timeout, ct).ConfigureAwait(false);
        var output = (result.StandardOutput + result.StandardError).Trim();
        if (result.ExitCode != 0)
            throw Failed(node, MaintenanceStep.Command, $"the command exited with {result.ExitCode}{(output.Length == 0 ? "." : ": " + output)}");
        return output;
    }

    private async Task<string> RebootByApiAsync(MaintenanceTarget node, CancellationToken ct)
    {
        var api = _api ?? throw new InvalidOperationException("-RebootVia Api needs the DigitalOcean API.");
        var action = await api.Droplets.RebootAsync(node.Droplet.Id, ct).ConfigureAwait(false);
        var deadline = DateTimeOffset.UtcNow + RebootBound;
        while (true)
        {
            var now = await api.Actions.GetAsync(action.Id, ct).ConfigureAwait(false);
            if (now.Status == "completed") return $"rebooted (droplet action {action.Id})";
            if (now.Status == "errored") throw Failed(node, MaintenanceStep.Reboot, $"DigitalOcean's reboot action {action.Id} ended 'errored'.");
            if (DateTimeOffset.UtcNow > deadline)
                throw Failed(node, MaintenanceStep.Reboot, $"DigitalOcean's reboot action {action.Id} was still '{now.Status}' after {RebootBound.TotalMinutes:0} min.");
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }
    }

    /// <summary>`reboot` over SSH, detached so that the command returns; done when the host answers with another boot id.</summary>
    private async Task<string> RebootOverSshAsync(MaintenanceTarget node, CancellationToken ct)
    {
        const string bootId = "cat /proc/sys/kernel/random/boot_id";
        var before = await BootIdAsync(node, bootId, ct).ConfigureAwait(false)
                     ?? throw Failed(node, MaintenanceStep.Reboot, "its boot id could not be read over SSH.");
        var shell = await _shell(node.Droplet, ct).ConfigureAwait(false);
        var asked = await shell.RunAsync("nohup sh -c 'sleep 2; systemctl reboot || reboot' >/dev/null 2>&1 </dev/null &", null, Attempt, ct).ConfigureAwait(false);
        if (asked.ExitCode != 0) throw Failed(node, MaintenanceStep.Reboot, $"reboot was refused: {asked.StandardError.Trim()}");
        var deadline = DateTimeOffset.UtcNow + RebootBound;
        while (DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            if (await BootIdAsync(node, bootId, ct).ConfigureAwait(false) is { } now && now != before) return "rebooted (over SSH)";
        }
        throw Failed(node, MaintenanceStep.Reboot, $"it did not come back with a new boot id within {RebootBound.TotalMinutes:0} min.");
    }

    private async Task<string?> BootIdAsync(MaintenanceTarget node, string command, CancellationToken ct)
    {
        try
        {
            return await NodeReach.WithinAsync(node.Droplet, Attempt, async c =>
            {
                var r = await (await _shell(node.Droplet, c).ConfigureAwait(false)).RunAsync(command, null, Attempt, c).ConfigureAwait(false);
                return r.ExitCode == 0 ? r.StandardOutput.Trim() : null;
            }, _ => true, e => e.Message, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is SwarmToolsException || e is SshTimeoutException)) { return null; }
    }

    private async Task<string> WaitReadyAsync(MaintenanceTarget node, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + ReadyBound;
        var why = "";
        while (true)
        {
            try
            {
                var state = await NodeReach.WithinAsync(node.Droplet, Attempt, async c => await (await _connect(node.Droplet, c).ConfigureAwait(false)).StateAsync(c).ConfigureAwait(false),
                    _ => true, e => $"no answer over SSH yet ({e.Message})", ct).ConfigureAwait(false);
                if (!state.IsActive) why = $"Docker answers, but the node is not back in the swarm (state '{state.ReportedState}')";
                else
                {
                    var manager = await ManagerAsync(node.Droplet, ct).ConfigureAwait(false);
                    var me = (await manager.MembersAsync(ct).ConfigureAwait(false)).FirstOrDefault(m => m.NodeId == node.Member.NodeId);
                    if (me is null) why = "the swarm no longer lists it";
                    else if (me.Status != NodeStatus.Ready) why = $"the swarm sees it {me.Status}";
                    else if (me.IsManager && me.ManagerStatus is not (ManagerStatus.Reachable or ManagerStatus.Leader)) why = $"as a manager it is {me.ManagerStatus?.ToString() ?? "not reachable"}";
                    else return me.IsManager ? "back: SSH, Docker, Ready, Reachable" : "back: SSH, Docker, Ready";
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && (e is SwarmToolsException || e is SshTimeoutException || e is OperationCanceledException))
            {
                why = e.Message;
            }
            if (DateTimeOffset.UtcNow > deadline)
                throw Failed(node, MaintenanceStep.WaitReady, $"it was not back within {ReadyBound.TotalMinutes:0} min: {why}.");
            _observer.Verbose($"{node.Name}: waiting for it to come back ({why})");
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }
    }

    private async Task<string> RestoreAsync(MaintenanceTarget node, CancellationToken ct)
    {
        await OnManagerAsync(node.Droplet, m => m.SetAvailabilityAsync(node.Member.NodeId, node.RestoreTo, ct), ct).ConfigureAwait(false);
        return $"availability {node.RestoreTo}";
    }

    private async Task<string> VerifyAsync(MaintenanceTarget node, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + VerifyBound;
        var why = "";
        while (true)
        {
            try
            {
                var manager = await ManagerAsync(null, ct).ConfigureAwait(false);
                var concerns = (await QuorumFindingsAsync(manager, ct).ConfigureAwait(false)).Where(f => f.Status != CheckStatus.Pass).ToList();
                if (concerns.All(f => f.Status != CheckStatus.Fail) && concerns.Count <= BaselineConcerns) return "Quorum, Leader and NodeStatus pass as before";
                why = string.Join(" ", concerns.Select(f => $"{f.Check} {f.Status}: {f.Message}"));
            }
            catch (Exception e) when (!ct.IsCancellationRequested && (e is SwarmToolsException || e is SshTimeoutException)) { why = e.Message; }
            if (DateTimeOffset.UtcNow > deadline)
                throw Failed(node, MaintenanceStep.Verify, $"Test-Swarm's Quorum, Leader and NodeStatus checks did not pass within {VerifyBound.TotalSeconds:0} s: {why}");
            await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<SwarmCheck>> QuorumFindingsAsync(NodeShell manager, CancellationToken ct)
    {
        var context = new HealthContext(_swarmTag, manager, await manager.MembersAsync(ct).ConfigureAwait(false), _droplets, _connect);
        return await SwarmHealth.RunAsync(context, QuorumChecks, SwarmHealth.CheckBound, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A change through a manager, tried again for up to <see cref="ManagerBound"/>: just after a manager
    /// reboots, the raft leader may step down and a write fails ("node lost leader status") until the election ends.
    /// </summary>
    private async Task<T> OnManagerAsync<T>(SwarmNode? except, Func<NodeShell, Task<T>> change, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + ManagerBound;
        while (true)
        {
            try { return await change(await ManagerAsync(except, ct).ConfigureAwait(false)).ConfigureAwait(false); }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security && !(e is MaintenanceStepFailedException) && DateTimeOffset.UtcNow < deadline)
            {
                _observer.Verbose($"Trying again through a manager: {e.Message}");
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            }
        }
    }

    private Task OnManagerAsync(SwarmNode? except, Func<NodeShell, Task> change, CancellationToken ct) =>
        OnManagerAsync<bool>(except, async m => { await change(m).ConfigureAwait(false); return true; }, ct);

    /// <summary>A manager other than <paramref name="except"/> (the node under maintenance), each candidate bounded.</summary>
    private Task<NodeShell> ManagerAsync(SwarmNode? except, CancellationToken ct) =>
        new ManagerLocator(null, null, _swarmTag, _connect, _observer).FindAsync(_droplets, except, ct);

    /// <summary>Replicated services running fewer tasks than desired ("web 1/2").</summary>
    private static List<string> Short(string serviceLines) =>
        Lines(serviceLines).Select(l => l.Split(' ')).Where(p => p.Length >= 2 && p[1].Split('/') is { Length: 2 } r && r[0] != r[1]).Select(p => p[0]).ToList();

    private static List<string> Lines(string text) =>
        text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static string Clip(string text)
    {
        text = text.Trim();
        return text.Length <= 2000 ? text : text.Substring(0, 2000) + " …";
    }
}
