using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Maintenance;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Maintains a swarm's nodes one at a time without breaking quorum: drain, run a command, reboot, bring back, check.</summary>
/// <remarks>
/// <para>Order: workers first, then managers, the leader last (by name within each group). For each node:
/// drain it and wait (bounded) until its tasks run elsewhere (global services aside); run -Command over its
/// SSH session, or -ScriptBlock locally; with -Reboot, reboot it through DigitalOcean's droplet reboot
/// action (or -RebootVia Ssh) and wait for SSH, Docker, the node Ready, and Reachable for a manager; restore
/// the availability it had; pass Test-Swarm's Quorum, Leader and NodeStatus checks as before; then the next node.
/// Returns one SwarmTools.SwarmMaintenanceResult per node: its steps, their seconds, and the command's output.</para>
/// <para>Refused up front, with nothing changed: a member not Ready, a manager not reachable, a node that does not
/// answer over SSH (MaintenanceSwarmNotReady); a manager whose absence would lose quorum (QuorumAtRisk), or leave
/// the other managers tolerating no failure, which needs -Force (FaultToleranceWouldDrop).</para>
/// <para>It stops at the first failure with MaintenanceStepFailed, naming the node, the step and the output, and
/// leaves that node drained. Each node carries its progress in the label swarmtools.maintenance (the next step,
/// then done) and the availability to restore in swarmtools.maintenance.availability: running the command
/// again skips the nodes done and carries on at the step that stopped. A run that ends removes the labels.
/// Ctrl+C stops after the current step and says which node is left in which state.</para>
/// </remarks>
/// <note>-ScriptBlock runs here, in this session, once per node, with the node ($_ and the first argument);
/// typically it calls Invoke-SwarmCommand. It fails when it throws, writes an error, or returns a
/// SwarmCommandResult with a non-zero exit code.</note>
/// <note>Run Test-Swarm before and after: the README's "Operating a swarm" has the runbook.</note>
/// <seealso cref="TestSwarm"/>
/// <seealso cref="InvokeSwarmCommand"/>
/// <seealso cref="SetSwarmNode"/>
[Cmdlet(VerbsLifecycle.Invoke, "SwarmMaintenance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = CommandSet)]
[OutputType(typeof(SwarmMaintenanceResult))]
public sealed class InvokeSwarmMaintenance : SwarmMemberCmdlet
{
    private const string CommandSet = "Command";
    private const string ScriptBlockSet = "ScriptBlock";
    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();
    private volatile bool _stopRequested;
    private volatile bool _inSteps;

    /// <summary>The shell command to run on each node (as root, with sh) over its SSH session, e.g. 'apt-get -y upgrade'. A non-zero exit code stops the run.</summary>
    [Parameter(ParameterSetName = CommandSet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Command { get; set; }

    /// <summary>A script block run here once per node, the node as $_ and first argument, e.g. { $_ | Invoke-SwarmCommand 'apt-get -y upgrade' }. It fails when it throws, writes an error, or returns a SwarmCommandResult with a non-zero exit code.</summary>
    [Parameter(ParameterSetName = ScriptBlockSet, Mandatory = true)]
    public ScriptBlock? ScriptBlock { get; set; }

    /// <summary>Reboot each node after the command, then wait for SSH, Docker, the node Ready (and Reachable for a manager).</summary>
    [Parameter]
    public SwitchParameter Reboot { get; set; }

    /// <summary>Api: DigitalOcean's droplet reboot action, waited for until it completes. Ssh: systemctl reboot over the node's session, waited for until the node answers with a new boot id.</summary>
    /// <value>Api</value>
    [Parameter]
    public RebootMethod RebootVia { get; set; } = RebootMethod.Api;

    /// <summary>The nodes to maintain, e.g. from Get-SwarmNode.</summary>
    /// <value>every member of the swarm</value>
    [Parameter(ValueFromPipeline = true)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>A swarm from Get-Swarm: its nodes are maintained.</summary>
    [Parameter]
    public Swarm? Swarm { get; set; }

    /// <summary>Only the nodes with these names (droplet names: letters, digits, dots and dashes).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern(@"^[a-zA-Z0-9][a-zA-Z0-9.-]*$")]
    public string[] Node { get; set; } = Array.Empty<string>();

    /// <summary>Time allowed for -Command on each node; a command still running then fails the run.</summary>
    [Parameter]
    [ValidatePositiveTimeSpan]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Allows taking out a manager when the other managers then tolerate no further failure (3 managers: each one's maintenance); never when quorum would be lost.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (!Reboot && Command is null && ScriptBlock is null)
            ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException(ErrorIds.MaintenanceNothingToDo, FailureKind.InvalidArgument,
                "Nothing to do: pass -Command, -ScriptBlock or -Reboot (or several).")));
    }

    protected override void ProcessRecord() => _nodes.AddRange(InputObject);

    /// <summary>Ctrl+C: the step under way ends (each is bounded), then the run stops and says where things stand.</summary>
    protected override void StopProcessing()
    {
        _stopRequested = true;
        if (!_inSteps) base.StopProcessing();
    }

    protected override void EndProcessing()
    {
        var options = new MaintenanceOptions { RunsCommand = Command != null || ScriptBlock != null, Reboot = Reboot, RebootVia = RebootVia, Force = Force };
        var given = _nodes.Count > 0 ? _nodes.ToList() : Swarm?.Nodes.ToList() ?? new List<SwarmNode>();
        var api = given.Count == 0 || (Reboot && RebootVia == RebootMethod.Api) ? Api : OptionalApi;
        var access = Access;
        MaintenancePlan plan;
        List<SwarmNode> droplets;
        int baseline;
        try
        {
            (plan, droplets, baseline) = RunOffPipeline(async (queue, ct) =>
            {
                var connect = NodeHosts.Via(access, queue);
                var observer = new SwarmObserver(queue, "Maintaining the swarm", ct);
                var tagged = api is null ? new List<SwarmNode>()
                    : (await api.Droplets.ListByTagAsync(SwarmTag, ct).ConfigureAwait(false)).Where(d => d.IsActive).Select(d => d.ToSwarmNode()).ToList();
                var all = given.Concat(tagged).Concat(Manager is null ? Array.Empty<SwarmNode>() : new[] { Manager })
                    .GroupBy(n => n.Id).Select(g => g.First()).OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
                var manager = await new ManagerLocator(Manager, null, SwarmTag, connect, observer).FindAsync(all, null, ct).ConfigureAwait(false);
                var members = await manager.MembersAsync(ct).ConfigureAwait(false);
                var swarm = all.Where(d => MaintenancePlan.MemberOf(members, d) != null).ToList();
                var built = MaintenancePlan.Build(members, Chosen(_nodes.Count > 0 ? _nodes : swarm, swarm), options);
                var runner = Runner(swarm, access, queue, api);
                await runner.ProbeAsync(swarm, ct).ConfigureAwait(false);
                return (built, swarm, await runner.ConcernsAsync(null, ct).ConfigureAwait(false));
            });
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            return;
        }

        foreach (var name in plan.AlreadyDone) WriteVerbose($"{name}: done by the run that stopped; skipped.");
        var chosen = plan.Nodes.Where((n, i) => ShouldProcess(n.Name, $"Maintain ({i + 1} of {plan.Nodes.Count}, {n.Role}): {string.Join("; ", n.Steps.Select(s => Describe(n, s)))}")).ToList();
        // Nodes declined (or -WhatIf): nothing more. Every node done by the run that stopped: only the labels are left to remove.
        if (_stopRequested || (chosen.Count == 0 && (plan.Nodes.Count > 0 || plan.AlreadyDone.Count == 0))) return;
        if (chosen.Count == 0 && !ShouldProcess(SwarmTag, "Remove the maintenance labels of a run that finished every node")) return;

        _inSteps = true;
        var done = new List<string>();
        for (var i = 0; i < chosen.Count; i++)
        {
            var node = chosen[i];
            var result = new SwarmMaintenanceResult { Node = node.Name, Role = node.Role };
            var clock = Stopwatch.StartNew();
            WriteProgress(new ProgressRecord(1, $"Maintaining swarm {SwarmTag}", $"{node.Name} ({node.Role}), {i + 1} of {chosen.Count}") { PercentComplete = 100 * i / chosen.Count });
            foreach (var step in node.Steps)
            {
                WriteProgress(new ProgressRecord(2, node.Name, Describe(node, step)) { ParentActivityId = 1 });
                var stepClock = Stopwatch.StartNew();
                var output = RunStep(node, step, droplets, access, api, baseline, done);
                if (_stopRequested) Stop(node, node.After(step), done); // before any write: a stopping pipeline takes none
                result.StepSeconds[step.ToString()] = Math.Round(stepClock.Elapsed.TotalSeconds, 2);
                result.Steps = result.Steps.Append(step.ToString()).ToArray();
                if (step == MaintenanceStep.Command) result.Output = output;
                else WriteVerbose($"{node.Name}: {MaintenanceLabels.Word(step)}: {output}");
            }
            result.Seconds = Math.Round(clock.Elapsed.TotalSeconds, 2);
            done.Add(node.Name);
            WriteObject(result);
        }
        Step(queue => Runner(droplets, access, queue, api).ClearLabelsAsync(CancellationToken.None), null, null);
        WriteProgress(new ProgressRecord(1, $"Maintaining swarm {SwarmTag}", "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>One step; a failure ends the run with MaintenanceStepFailed (the node's record as its target).</summary>
    private string RunStep(MaintenanceTarget node, MaintenanceStep step, IReadOnlyList<SwarmNode> droplets, SshAccess access,
        SwarmTools.Engine.DigitalOcean.DigitalOceanClient? api, int baseline, IReadOnlyList<string> done)
    {
        MaintenanceRunner RunnerOn(OutputQueue queue) => Runner(droplets, access, queue, api, baseline);
        try
        {
            if (step == MaintenanceStep.Command && ScriptBlock != null)
            {
                var output = RunScriptBlock(node);
                Step(queue => RunnerOn(queue).MarkAsync(node, node.After(step), CancellationToken.None), node, step);
                return output;
            }
            return Step(queue => RunnerOn(queue).RunAsync(node, step, Command, Timeout, RebootVia, CancellationToken.None), node, step);
        }
        catch (PipelineStoppedException)
        {
            Stop(node, step, done); // Ctrl+C inside the script block: that step did not end
            throw;
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, node.Droplet));
            throw;
        }
    }

    /// <summary>
    /// Runs engine work off the pipeline thread to its end, Ctrl+C or not (every step is bounded): once the
    /// pipeline is stopping its writes are dropped, and the run stops after the step.
    /// </summary>
    private T Step<T>(Func<OutputQueue, Task<T>> work, MaintenanceTarget? node, MaintenanceStep? step)
    {
        var queue = new OutputQueue();
        var task = Task.Run(() => work(queue));
        task.ContinueWith(_ => queue.Complete(), TaskScheduler.Default);
        try { queue.Pump(this); }
        catch (PipelineStoppedException) { _stopRequested = true; }
        try { return task.GetAwaiter().GetResult(); }
        catch (Exception e) when (node != null && step is { } s && !(e is MaintenanceStepFailedException)
                                  && (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException))
        {
            throw MaintenanceRunner.Failed(node, s, e.Message, e);
        }
    }

    private void Step(Func<OutputQueue, Task> work, MaintenanceTarget? node, MaintenanceStep? step) =>
        Step<bool>(async q => { await work(q).ConfigureAwait(false); return true; }, node, step);

    /// <summary>The script block, here, with the node as $_ and argument; errors stop it, and a failed SwarmCommandResult fails it.</summary>
    private string RunScriptBlock(MaintenanceTarget node)
    {
        Collection<PSObject> outputs;
        var variables = new List<PSVariable> { new PSVariable("_", node.Droplet), new PSVariable("ErrorActionPreference", ActionPreference.Stop) };
        try { outputs = ScriptBlock!.InvokeWithContext(null, variables, node.Droplet); }
        catch (RuntimeException e) when (!(e is PipelineStoppedException))
        {
            throw MaintenanceRunner.Failed(node, MaintenanceStep.Command, "the script block failed: " + e.Message, e);
        }
        var failed = outputs.Select(o => o?.BaseObject).OfType<SwarmCommandResult>().Where(r => r.ExitCode != 0).ToList();
        if (failed.Count > 0)
            throw MaintenanceRunner.Failed(node, MaintenanceStep.Command,
                string.Join(" ", failed.Select(r => $"the command exited with {r.ExitCode} on {r.Node}: {(r.StandardOutput + r.StandardError).Trim()}")));
        return string.Join(Environment.NewLine, outputs.Where(o => o != null).Select(o => o.BaseObject is SwarmCommandResult r ? (r.StandardOutput + r.StandardError).Trim() : o.ToString()));
    }

    /// <summary>Says where things stand after Ctrl+C (on the host: the pipeline takes no more writes), and ends the run.</summary>
    private void Stop(MaintenanceTarget node, MaintenanceStep? next, IReadOnlyList<string> done)
    {
        var state = next is null ? "done, its availability restored"
            : next == MaintenanceStep.Verify ? $"back to {node.RestoreTo}, labelled {MaintenanceLabels.Step}={MaintenanceLabels.Word(next.Value)}"
            : next == MaintenanceStep.Drain ? $"not yet drained, labelled {MaintenanceLabels.Step}={MaintenanceLabels.Word(next.Value)}"
            : $"drained, labelled {MaintenanceLabels.Step}={MaintenanceLabels.Word(next.Value)}";
        Host?.UI?.WriteWarningLine($"Stopped: {node.Name} is {state}. Done before it: {(done.Count == 0 ? "none" : string.Join(", ", done))}. " +
                                   "Run Invoke-SwarmMaintenance again to carry on from there.");
        throw new PipelineStoppedException();
    }

    private MaintenanceRunner Runner(IReadOnlyList<SwarmNode> droplets, SshAccess access, OutputQueue queue,
        SwarmTools.Engine.DigitalOcean.DigitalOceanClient? api, int baseline = 0) =>
        new MaintenanceRunner(droplets, SwarmTag, NodeHosts.Via(access, queue), (n, c) => NodeConnections.ShellAsync(n, access, c), api,
            new SwarmObserver(queue, "Maintaining the swarm", CancellationToken.None)) { BaselineConcerns = baseline };

    /// <summary>The nodes given, narrowed to -Node's names; a name that is no node of the swarm is refused.</summary>
    private IReadOnlyList<SwarmNode> Chosen(IReadOnlyList<SwarmNode> nodes, IReadOnlyList<SwarmNode> swarm)
    {
        if (Node.Length == 0) return nodes;
        var unknown = Node.Where(n => !nodes.Any(d => string.Equals(d.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
            throw new SwarmToolsException(ErrorIds.NotASwarmMember, FailureKind.InvalidArgument,
                $"-Node names {string.Join(", ", unknown)}, not among the swarm's nodes ({string.Join(", ", swarm.Select(d => d.Name))}); nothing was changed.", unknown[0]);
        return nodes.Where(d => Node.Contains(d.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    private string Describe(MaintenanceTarget node, MaintenanceStep step) => step switch
    {
        MaintenanceStep.Drain => "drain, and wait until its tasks run elsewhere",
        MaintenanceStep.Command => ScriptBlock != null ? "run the script block" : $"run '{Command}'",
        MaintenanceStep.Reboot => RebootVia == RebootMethod.Api ? "reboot (droplet reboot action)" : "reboot (over SSH)",
        MaintenanceStep.WaitReady => node.Member.IsManager ? "wait for SSH, Docker, Ready and Reachable" : "wait for SSH, Docker and Ready",
        MaintenanceStep.Restore => $"restore availability {node.RestoreTo}",
        _ => "check quorum, leader and every member Ready (Test-Swarm -Check Quorum, Leader, NodeStatus)",
    };
}
