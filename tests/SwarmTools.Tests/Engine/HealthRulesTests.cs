using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SwarmTools.Engine.Health;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// Test-Swarm's judgement on a swarm as a manager describes it, and its runner's bounds: the rules that
/// need no host. Each check is proven on lab hosts by causing its fault (TestSwarmTests).
/// </summary>
[Trait("Category", "Unit")]
public sealed class HealthRulesTests
{
    private sealed class NoShell : IRemoteShell
    {
        public string Address => "198.18.0.2";
        public Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct) =>
            throw new InvalidOperationException("these rules read no host");
    }

    private static SwarmMember Manager(string name, ManagerStatus status, NodeStatus state = NodeStatus.Ready) =>
        new() { Hostname = name, NodeId = "id-" + name, Role = SwarmRole.Manager, ManagerStatus = status, Status = state, Address = "10.0.0." + name[^1] };

    private static SwarmMember Worker(string name, NodeAvailability availability = NodeAvailability.Active, NodeStatus state = NodeStatus.Ready) =>
        new() { Hostname = name, NodeId = "id-" + name, Role = SwarmRole.Worker, Status = state, Availability = availability, Address = "10.0.0." + name[^1] };

    private static SwarmNode Droplet(string name) =>
        new() { Name = name, Id = name[^1], Status = DropletStatus.Active, PrivateAddress = "10.0.0." + name[^1], PublicAddress = "198.18.0." + name[^1] };

    private static HealthContext Context(IReadOnlyList<SwarmMember> members, IReadOnlyList<SwarmNode>? droplets = null) =>
        new("prod", new NodeShell(Droplet("n1"), new NoShell(), _ => { }), members,
            droplets ?? members.Select(m => Droplet(m.Hostname)).ToList(), (_, _) => throw new InvalidOperationException("no host"));

    private static IReadOnlyList<SwarmCheck> Run(ISwarmCheck check, HealthContext context) => check.RunAsync(context, default).GetAwaiter().GetResult();

    [Fact]
    public void Quorum_passes_with_every_manager_warns_while_it_holds_and_fails_once_lost()
    {
        var all = Run(new QuorumCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Manager("n2", ManagerStatus.Reachable), Manager("n3", ManagerStatus.Reachable) }));
        Assert.Equal(CheckStatus.Pass, Assert.Single(all).Status);
        Assert.Contains("tolerates 1", all[0].Message);

        var one = Assert.Single(Run(new QuorumCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Manager("n2", ManagerStatus.Unreachable), Manager("n3", ManagerStatus.Reachable) })));
        Assert.Equal(CheckStatus.Warning, one.Status);
        Assert.Contains("2 of 3", one.Message);
        Assert.Contains("tolerates 0 more", one.Message);
        Assert.Contains("n2", one.Remedy);

        var lost = Assert.Single(Run(new QuorumCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Manager("n2", ManagerStatus.Unreachable), Manager("n3", ManagerStatus.Unreachable) })));
        Assert.Equal(CheckStatus.Fail, lost.Status);
        Assert.Contains("lost its quorum", lost.Message);
    }

    [Fact]
    public void An_even_manager_count_and_a_lone_manager_are_warned_about()
    {
        var four = Run(new QuorumCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Manager("n2", ManagerStatus.Reachable), Manager("n3", ManagerStatus.Reachable), Manager("n4", ManagerStatus.Reachable) }));
        Assert.Equal(new[] { CheckStatus.Pass, CheckStatus.Warning }, four.Select(f => f.Status));
        Assert.Contains("even count", four[1].Message);

        var lone = Run(new QuorumCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Worker("n2") }));
        Assert.Equal(new[] { CheckStatus.Pass, CheckStatus.Warning }, lone.Select(f => f.Status));
        Assert.Contains("single manager", lone[1].Message);
    }

    [Fact]
    public void Exactly_one_leader_passes_none_or_two_fail()
    {
        Assert.Contains("n1 leads", Assert.Single(Run(new LeaderCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Manager("n2", ManagerStatus.Reachable) }))).Message);
        Assert.Equal(CheckStatus.Fail, Assert.Single(Run(new LeaderCheck(), Context(new[] { Manager("n1", ManagerStatus.Reachable), Manager("n2", ManagerStatus.Reachable) }))).Status);
        Assert.Equal(CheckStatus.Fail, Assert.Single(Run(new LeaderCheck(), Context(new[] { Manager("n1", ManagerStatus.Leader), Manager("n2", ManagerStatus.Leader) }))).Status);
    }

    [Fact]
    public void A_member_not_ready_fails_and_a_drained_or_paused_one_warns_each_by_name()
    {
        var members = new[] { Manager("n1", ManagerStatus.Leader), Worker("n2", NodeAvailability.Drain, NodeStatus.Down), Worker("n3", NodeAvailability.Pause), Worker("n4") };
        var status = Assert.Single(Run(new NodeStatusCheck(), Context(members)));
        Assert.Equal((CheckStatus.Fail, "n2"), (status.Status, status.Target));
        Assert.Contains("Down", status.Message);
        Assert.Contains("docker node rm --force id-n2", status.Remedy);
        var held = Run(new AvailabilityCheck(), Context(members));
        Assert.Equal(new[] { ("n2", CheckStatus.Warning), ("n3", CheckStatus.Warning) }, held.Select(f => (f.Target, f.Status)));
        Assert.Contains("drained", held[0].Message);
        Assert.Contains("paused", held[1].Message);
        Assert.Contains("Set-SwarmNode -Availability Active", held[1].Remedy);

        var healthy = new[] { Manager("n1", ManagerStatus.Leader), Worker("n2") };
        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(new NodeStatusCheck(), Context(healthy))).Status);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(new AvailabilityCheck(), Context(healthy))).Status);
    }

    [Fact]
    public void A_member_without_its_droplet_fails_and_a_droplet_outside_the_swarm_warns()
    {
        var members = new[] { Manager("n1", ManagerStatus.Leader), Worker("n2") };
        var findings = Run(new MembershipCheck(), Context(members, new[] { Droplet("n1"), Droplet("n3") }));
        Assert.Equal(new[] { ("n2", CheckStatus.Fail), ("n3", CheckStatus.Warning) }, findings.Select(f => (f.Target, f.Status)));
        Assert.Contains("docker node rm --force id-n2", findings[0].Remedy);
        Assert.Contains("Join-SwarmNode", findings[1].Remedy);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Run(new MembershipCheck(), Context(members))).Status);
    }

    private sealed class Hangs : ISwarmCheck
    {
        public string Name => "Hangs";
        public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct) =>
            new TaskCompletionSource<IReadOnlyList<SwarmCheck>>().Task; // ignores its token: the bound must hold anyway
    }

    private sealed class Throws : ISwarmCheck
    {
        public string Name => "Throws";
        public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct) =>
            throw new SwarmToolsException(ErrorIds.DockerCommandFailed, FailureKind.InvalidOperation, "'docker service ls' failed on n1: boom");
    }

    [Fact]
    public async Task A_check_that_hangs_or_throws_is_a_Fail_finding_within_its_bound_and_the_others_report()
    {
        var context = Context(new[] { Manager("n1", ManagerStatus.Leader) });
        var clock = Stopwatch.StartNew();
        var findings = await SwarmHealth.RunAsync(context, new ISwarmCheck[] { new Hangs(), new LeaderCheck(), new Throws() }, TimeSpan.FromSeconds(1), default);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(new[] { ("Hangs", CheckStatus.Fail), ("Leader", CheckStatus.Pass), ("Throws", CheckStatus.Fail) }, findings.Select(f => (f.Check, f.Status)));
        Assert.Contains("did not finish within 1 s", findings[0].Message);
        Assert.Contains("boom", findings[2].Message);
    }

    /// <summary>A session opened before its member died: connected at once, and then no command ever answers.</summary>
    private sealed class StaleSession : IRemoteShell
    {
        public string Address => "198.18.0.9";
        public async Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_member_whose_session_never_answers_is_a_finding_within_the_read_bound()
    {
        var members = new[] { Manager("n1", ManagerStatus.Leader), Worker("n2") };
        var context = new HealthContext("prod", new NodeShell(Droplet("n1"), new NoShell(), _ => { }), members, members.Select(m => Droplet(m.Hostname)).ToList(),
            (node, _) => Task.FromResult(new NodeShell(node, new StaleSession(), _ => { })));
        var clock = Stopwatch.StartNew();
        var findings = await new SwarmPortsCheck().RunAsync(context, default);
        Assert.True(clock.Elapsed < MemberRead.ReadBound + TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(new[] { "n1", "n2" }, findings.Select(f => f.Target).Order());
        Assert.All(findings, f => Assert.Contains("no answer over SSH within 10 s", f.Message));
        Assert.All(findings, f => Assert.Equal(CheckStatus.Fail, f.Status));
    }

    [Fact]
    public void Checks_are_chosen_by_name_in_any_case_and_an_unknown_name_is_refused_with_the_list()
    {
        Assert.Equal(HealthChecks.Names, HealthChecks.Select(Array.Empty<string>(), Array.Empty<string>()).Select(c => c.Name));
        Assert.Equal(new[] { "Quorum", "Leader" }, HealthChecks.Select(new[] { "leader", "QUORUM" }, Array.Empty<string>()).Select(c => c.Name));
        Assert.DoesNotContain("SwarmPorts", HealthChecks.Select(Array.Empty<string>(), new[] { "swarmports" }).Select(c => c.Name));
        var unknown = Assert.Throws<SwarmToolsException>(() => HealthChecks.Select(new[] { "Quorom" }, Array.Empty<string>()));
        Assert.Equal(ErrorIds.UnknownCheck, unknown.ErrorId);
        Assert.Contains("Quorum, Leader, NodeStatus", unknown.Message);
        Assert.Equal(ErrorIds.UnknownCheck, Assert.Throws<SwarmToolsException>(() => HealthChecks.Select(Array.Empty<string>(), new[] { "nope" })).ErrorId);
    }

    [Fact]
    public void The_port_probe_script_tells_an_open_port_from_a_closed_one_in_bash()
    {
        using var open = new TcpListener(IPAddress.Loopback, 0);
        open.Start();
        var openPort = ((IPEndPoint)open.LocalEndpoint).Port;
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var member = new SwarmMember { Hostname = "n1", Address = "127.0.0.1" };
        var script = SwarmPortsCheck.ProbeScript(new[] { new SwarmPortsCheck.Target(member, openPort), new SwarmPortsCheck.Target(member, closedPort) });
        var bash = Process.Start(new ProcessStartInfo("bash", new[] { "-c", script }) { RedirectStandardOutput = true })!;
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        Assert.Contains($"ok 127.0.0.1:{openPort}", output);
        Assert.Contains($"no 127.0.0.1:{closedPort}", output);
    }
}
