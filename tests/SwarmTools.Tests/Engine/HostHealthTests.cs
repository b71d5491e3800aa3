using SwarmTools.Engine.Health;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Simulation;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// The checks Test-Swarm makes on each member's host (Autolock, Certificates, DiskSpace, EngineVersion,
/// ClockSkew), failing on simulated hosts where the lab cannot cause the fault: lab hosts share one kernel
/// clock and one dockerd build, and a certificate cannot be made to expire there (Docker's shortest is an hour).
/// TestSwarmTests proves each check passes on real hosts, and causes what the lab can (a locked manager,
/// short-lived certificates, a full data root).
/// </summary>
[Trait("Category", "Unit")]
public sealed class HostHealthTests
{
    private static readonly string[] HostChecks = { "Autolock", "Certificates", "DiskSpace", "EngineVersion", "ClockSkew" };
    private readonly SimulatedNodes _sim = new();

    private async Task<HealthContext> ContextAsync(List<SwarmNode> nodes)
    {
        var manager = await _sim.ConnectAsync(nodes[0], default);
        var swarm = await SwarmReader.ReadAsync(manager, nodes, default);
        return new HealthContext("prod", manager, swarm.Members, nodes, _sim.ConnectAsync);
    }

    private static async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context) =>
        await SwarmHealth.RunAsync(context, HealthChecks.Select(HostChecks, Array.Empty<string>()), SwarmHealth.CheckBound, default);

    [Fact]
    public async Task Each_host_check_passes_on_healthy_hosts_and_names_the_member_at_fault()
    {
        var nodes = SimulatedNodes.Nodes(1, 2, 3, 4);
        await _sim.FormAsync(nodes, managers: 3);
        var healthy = await RunAsync(await ContextAsync(nodes));
        Assert.Equal(HostChecks, healthy.Select(f => f.Check));
        Assert.True(healthy.All(f => f.Status == CheckStatus.Pass), string.Join("; ", healthy));
        Assert.Contains("Docker Engine " + SimulatedHost.EngineVersion, healthy.Single(f => f.Check == "EngineVersion").Message);

        var (two, three, four) = (_sim.Host(nodes[1]), _sim.Host(nodes[2]), _sim.Host(nodes[3]));
        two.StuckState = "locked";
        three.NodeCertExpiry = DateTime.UtcNow.AddHours(-1);
        four.NodeCertExpiry = DateTime.UtcNow.AddDays(2);
        two.Swarm!.CaExpiry = DateTime.UtcNow.AddDays(5);
        two.DockerRootDisk = (9_000_000, 500_000);
        three.DockerRootDisk = (80_000_000, 8_000_000);
        two.Swarm.Members.Single(m => m.Hostname == "node4").EngineVersion = "24.0.7";
        three.ClockOffset = TimeSpan.FromSeconds(3);
        four.ClockOffset = TimeSpan.FromMinutes(-10);
        var findings = await RunAsync(await ContextAsync(nodes));

        var locked = Assert.Single(findings, f => f.Check == "Autolock");
        Assert.Equal(("node2", CheckStatus.Fail), (locked.Target, locked.Status));
        Assert.Contains("docker swarm unlock", locked.Remedy);

        var certs = findings.Where(f => f.Check == "Certificates").ToList();
        Assert.Equal(new[] { ("prod", CheckStatus.Warning), ("node3", CheckStatus.Fail), ("node4", CheckStatus.Warning) }, certs.Select(f => (f.Target, f.Status)));
        Assert.Contains("root CA expires", certs[0].Message);
        Assert.Contains("expired", certs[1].Message);
        Assert.Contains("2 days", certs[2].Message);
        Assert.All(certs, f => Assert.Contains("docker swarm ca --rotate", f.Remedy));

        var disk = findings.Where(f => f.Check == "DiskSpace").ToList();
        Assert.Equal(new[] { ("node2", CheckStatus.Fail), ("node3", CheckStatus.Warning) }, disk.Select(f => (f.Target, f.Status)));
        Assert.Contains("488.3 MiB (5.3%) free", disk[0].Message);
        Assert.Contains("/var/lib/docker", disk[0].Message);
        Assert.Contains("docker system df", disk[1].Remedy);

        var skew = Assert.Single(findings, f => f.Check == "EngineVersion");
        Assert.Equal(("prod", CheckStatus.Warning), (skew.Target, skew.Status));
        Assert.Contains($"{SimulatedHost.EngineVersion} on node1, node2, node3; 24.0.7 on node4", skew.Message);

        var clocks = findings.Where(f => f.Check == "ClockSkew").ToList();
        Assert.Equal(new[] { ("node3", CheckStatus.Warning), ("node4", CheckStatus.Fail) }, clocks.Select(f => (f.Target, f.Status)));
        Assert.Contains("3 s ahead of", clocks[0].Message);
        Assert.Contains("600 s behind", clocks[1].Message);
        Assert.Contains("timedatectl set-ntp true", clocks[1].Remedy);
    }

    [Fact]
    public async Task With_no_manager_answering_each_chosen_check_fails_and_names_the_silent_and_locked_nodes()
    {
        var nodes = SimulatedNodes.Nodes(1, 2, 3);
        await _sim.FormAsync(nodes, managers: 3);
        _sim.Host(nodes[1]).StuckState = "locked";
        Task<NodeShell> Connect(SwarmNode node, CancellationToken ct) => node.Name == "node3"
            ? throw new SwarmToolsException(ErrorIds.SshConnectFailed, FailureKind.Connection, "No route to host", node.Name)
            : _sim.ConnectAsync(node, ct);
        var checks = HealthChecks.Select(new[] { "Quorum", "Leader", "NodeStatus", "Autolock", "Replicas" }, Array.Empty<string>());

        var findings = await LeaderlessSwarm.FindingsAsync("prod", nodes, Connect, checks, "no reachable manager was found", default);

        Assert.Equal(new[] { ("Quorum", "prod"), ("Leader", "prod"), ("NodeStatus", "node3"), ("Replicas", "prod"), ("Autolock", "node2") },
            findings.Select(f => (f.Check, f.Target)));
        Assert.All(findings, f => Assert.Equal(CheckStatus.Fail, f.Status));
        Assert.Contains("No manager answers for the swarm (no reachable manager was found). node1 is a manager with no leader", findings[0].Message);
        Assert.Contains("(node2, node3)", findings[0].Remedy);
        Assert.Contains("No route to host", findings[2].Message);
        Assert.Contains("could not be made", findings[3].Message);
        Assert.Contains("docker swarm unlock", findings[4].Remedy);
    }

    [Fact]
    public async Task Work_that_ignores_its_token_is_given_up_on_when_its_time_is_up()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Null(await HardBound.WithinAsync(TimeSpan.FromMilliseconds(200), _ => new TaskCompletionSource<string>().Task, default));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal("ok", await HardBound.WithinAsync(TimeSpan.FromSeconds(5), _ => Task.FromResult("ok"), default)); // control: an answer in time is kept
    }

    private static HealthContext Bare() =>
        new("prod", null!, Array.Empty<SwarmMember>(), Array.Empty<SwarmNode>(), (_, _) => throw new InvalidOperationException("no host"));

    [Fact]
    public void A_clock_is_judged_by_how_far_it_surely_is_its_round_trip_taken_off()
    {
        ClockSkewCheck.Sample At(double seconds, double doubt) => new(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(doubt));
        // 1.5 s apart, but 0.3 s of doubt on each side: surely only 0.9 s, within the 1 s allowed.
        Assert.Empty(ClockSkewCheck.Judge(Bare(), new[] { ("a", At(0, 0.3)), ("b", At(0, 0.3)), ("c", At(1.5, 0.3)) }));
        var warned = Assert.Single(ClockSkewCheck.Judge(Bare(), new[] { ("a", At(0, 0.01)), ("b", At(0, 0.01)), ("c", At(1.5, 0.01)) }));
        Assert.Equal(("c", CheckStatus.Warning), (warned.Target, warned.Status));
        Assert.Empty(ClockSkewCheck.Judge(Bare(), new[] { ("alone", At(999, 0)) }));
    }

    [Theory]
    [InlineData(1_000_000_000L, 1_000_000_000L, null)]       // 50% and 953 GiB free
    [InlineData(80_000_000L, 8_000_000L, CheckStatus.Warning)] // 9% free
    [InlineData(1_000_000L, 3_000_000L, CheckStatus.Warning)]  // 75% but under 5 GiB
    [InlineData(1_000L, 900_000L, CheckStatus.Fail)]           // under 1 GiB
    [InlineData(990_000_000L, 40_000_000L, CheckStatus.Fail)]  // 38 GiB but under 5%
    public void Free_space_under_a_share_or_a_size_warns_then_fails(long used, long available, CheckStatus? expected)
    {
        var output = $"/var/lib/docker\nFilesystem 1024-blocks Used Available Capacity Mounted on\n/dev/vda {used + available} {used} {available} 50% /\n";
        Assert.Equal(expected, DiskSpaceCheck.Judge(Bare(), "n1", output)?.Status);
    }

    [Fact]
    public void Unreadable_df_output_is_an_error_not_a_pass()
    {
        var e = Assert.Throws<SwarmToolsException>(() => DiskSpaceCheck.Judge(Bare(), "n1", "df: /var/lib/docker: No such file or directory\n"));
        Assert.Contains("n1", e.Message);
    }
}
