using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using SwarmTools.Engine.Health;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Checks a swarm's health the way an operator would: one finding per check and node, with the step that fixes it.</summary>
/// <remarks>
/// <para>Returns SwarmTools.SwarmCheck objects: Check (a stable name), Target (the swarm's tag or a node),
/// Status (Pass, Warning, Fail), Message, and Remedy, the command or step that fixes it. The checks, in order:
/// Quorum (reachable managers against the total, fault tolerance, an odd count), Leader (exactly one),
/// NodeStatus (members not Ready), Membership (members whose droplet is gone, droplets under the tag not
/// in the swarm), Availability (drained or paused members: a warning), SwarmPorts (from each member, each
/// manager's 2377/tcp and each member's 7946/tcp), Firewall (each member's ufw against the policy
/// Set-SwarmFirewall kept, as Get-SwarmFirewall shows its drift), Replicas (services running fewer or
/// more replicas than desired), Autolock (a manager locked after its Docker restarted), Certificates (node
/// certificates and the root CA: Warning under 7 days left, Fail once expired), DiskSpace (free space where
/// Docker keeps its data), EngineVersion (more than one Docker Engine version) and ClockSkew (members'
/// clocks apart, the SSH round trip taken off).</para>
/// <para>When no manager answers for the swarm (a leader election, or a lost quorum) it still returns
/// findings, all Fail: Quorum, Leader, each node that does not answer, and each other check as not made.</para>
/// <para>The checks run at once, each within its own bound: a dead member never stalls it, and a member
/// that cannot be reached over SSH is itself a finding. The manager asked is -Manager, else the first
/// live manager among the nodes given (pipeline or -Swarm), else among the droplets under -SwarmTag.
/// The droplets under -SwarmTag are what the swarm is compared with. It only reads: nothing changes.</para>
/// </remarks>
/// <note>In Pester: Test-Swarm | Where-Object Status -eq Fail | Should -BeNullOrEmpty. The module's examples/swarm.Tests.ps1 is one to copy.</note>
/// <seealso cref="GetSwarm"/>
/// <seealso cref="GetSwarmFirewall"/>
[Cmdlet(VerbsDiagnostic.Test, "Swarm")]
[OutputType(typeof(SwarmCheck), typeof(bool))]
public sealed class TestSwarm : SwarmMemberCmdlet
{
    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();
    private IReadOnlyList<ISwarmCheck> _checks = Array.Empty<ISwarmCheck>();

    /// <summary>Nodes of the swarm, e.g. from Get-SwarmNode; a manager among them is asked.</summary>
    /// <value>the droplets with the swarm tag</value>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>A swarm from Get-Swarm: a manager among its nodes is asked.</summary>
    [Parameter]
    public Swarm? Swarm { get; set; }

    /// <summary>Only these checks, by name (tab completion offers them): Quorum, Leader, NodeStatus, Membership, Availability, SwarmPorts, Firewall, Replicas, Autolock, Certificates, DiskSpace, EngineVersion, ClockSkew.</summary>
    /// <value>all checks</value>
    [Parameter]
    [ArgumentCompleter(typeof(CheckNameCompleter))]
    public string[] Check { get; set; } = Array.Empty<string>();

    /// <summary>Checks to leave out, by name.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(CheckNameCompleter))]
    public string[] ExcludeCheck { get; set; } = Array.Empty<string>();

    /// <summary>Return only $true (no check failed; warnings allowed) or $false.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void BeginProcessing()
    {
        try { _checks = HealthChecks.Select(Check, ExcludeCheck); }
        catch (SwarmToolsException e) { ThrowTerminatingError(ErrorRecords.From(e)); }
        base.BeginProcessing();
    }

    protected override void ProcessRecord() => _nodes.AddRange(InputObject);

    protected override void EndProcessing()
    {
        var access = Access;
        var api = Api;
        var given = _nodes.Count > 0 ? _nodes : Swarm?.Nodes.ToList() ?? new List<SwarmNode>();
        try
        {
            var findings = RunOffPipeline(async (queue, ct) =>
            {
                var droplets = (await api.Droplets.ListByTagAsync(SwarmTag, ct).ConfigureAwait(false)).Select(d => d.ToSwarmNode()).ToList();
                var connect = NodeHosts.Via(access, queue);
                // The nodes given are the swarm; without them, the droplets under the tag are.
                // A manager that is up answers within a member read's bounds; with none up (no quorum) the findings still come in time.
                var locator = new ManagerLocator(Manager, given.Count > 0 ? null : api, SwarmTag, connect, new SwarmObserver(queue, "Testing the swarm", ct),
                    LeaderlessSwarm.ReadBound);
                var candidates = (given.Count > 0 ? given : droplets.Where(d => d.Status == DropletStatus.Active)).ToList();
                // No manager answers for the swarm (an election, or no quorum; or the one found lost it just now): findings, not an error.
                var (manager, swarm, why) = await LeaderlessSwarm.ReadAsync(locator, candidates, droplets, ct).ConfigureAwait(false);
                if (manager is null || swarm is null)
                    return await LeaderlessSwarm.FindingsAsync(SwarmTag, candidates, connect, _checks, why, ct).ConfigureAwait(false);
                var context = new HealthContext(SwarmTag, manager, swarm.Members, droplets, connect);
                return await SwarmHealth.RunAsync(context, _checks, SwarmHealth.CheckBound, ct).ConfigureAwait(false);
            });
            if (Quiet) WriteObject(findings.All(f => f.Status != CheckStatus.Fail));
            else WriteObject(findings, enumerateCollection: true);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
