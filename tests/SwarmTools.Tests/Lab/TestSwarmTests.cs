using System.Diagnostics;
using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Test-Swarm on real lab hosts: every check passes on a healthy swarm, and each fault, caused for real
/// (a stray droplet, no firewall policy, ufw drifted from it, a drained node, a service that cannot be
/// placed, a firewall rule refusing a swarm port, a dead leader, then a lost quorum), is named by its check, on its node, with a remedy, and goes away once undone.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(TestSwarmTests))]
public sealed class TestSwarmTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>A stall is minutes; each check's own bound is 25 s. (A bound against stalling, not a speed claim.)</summary>
    private static readonly TimeSpan NoStall = TimeSpan.FromSeconds(45);

    private static readonly string[] AllChecks = { "Quorum", "Leader", "NodeStatus", "Membership", "Availability", "SwarmPorts", "Firewall", "Replicas",
        "Autolock", "Certificates", "DiskSpace", "EngineVersion", "ClockSkew" };

    [SkippableFact]
    public void Each_check_passes_on_a_healthy_swarm_and_names_a_fault_caused_on_the_hosts()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("health");
        var vars = Vars(ps, tag, Key);
        // Three managers and a worker; a fifth droplet under the tag that never joins.
        var formed = ps.Invoke("New-SwarmNode -Count 5 -Name hc | Where-Object Name -ne hc5 | Initialize-Swarm -ManagerCount 3", vars);
        Assert.Empty(formed.Errors);
        var swarm = (Swarm)Assert.Single(formed.Output).BaseObject;

        var first = Test(ps, "Test-Swarm", vars);
        Assert.Equal(AllChecks, first.Select(f => f.Check).Distinct()); // every check ran, in order
        var stray = Assert.Single(first, f => f.Check == "Membership");
        Assert.Equal(("hc5", CheckStatus.Warning), (stray.Target, stray.Status));
        Assert.Contains("Join-SwarmNode", stray.Remedy);
        // No Set-SwarmFirewall yet: each member's firewall is not the swarm's.
        var unkept = first.Where(f => f.Check == "Firewall").ToList();
        Assert.Equal(new[] { "hc1", "hc2", "hc3", "hc4" }, unkept.Select(f => f.Target).Order());
        Assert.All(unkept, f => Assert.Equal(CheckStatus.Warning, f.Status));
        Assert.Contains("Set-SwarmFirewall", unkept[0].Remedy);
        Assert.Equal(stray.Target, Assert.Single(first, f => f.Status != CheckStatus.Pass && f.Check != "Firewall").Target);
        Assert.True(Quiet(ps, vars), "-Quiet: a warning is not a failure");
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag -Name hc5 | Remove-SwarmNode -Force -DropletOnly", vars).Errors);
        Assert.Empty(ps.Invoke("Set-SwarmFirewall -AllowPort 8443", vars).Errors);
        Healthy(ps, vars, "the stray droplet removed and the firewall set");

        // A member's ufw drifted from the kept policy: the rule Set-SwarmFirewall added is gone on hc3.
        Assert.Equal(0, On(ps, "hc3", "ufw delete allow proto tcp from any to any port 8443 >/dev/null", vars).ExitCode);
        var drifted = Assert.Single(Test(ps, "Test-Swarm -Check Firewall", vars));
        Assert.Equal(("hc3", CheckStatus.Fail), (drifted.Target, drifted.Status));
        Assert.Contains("8443", drifted.Message);
        Assert.Contains("Set-SwarmFirewall", drifted.Remedy);
        Assert.Empty(ps.Invoke("Set-SwarmFirewall -AllowPort 8443", vars).Errors);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Test(ps, "Test-Swarm -Check Firewall", vars)).Status);

        // Drained: a warning on that node, gone once it is active again.
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag -Name hc4 | Set-SwarmNode -Availability Drain", vars).Errors);
        var drained = Assert.Single(Test(ps, "Test-Swarm -Check Availability", vars));
        Assert.Equal(("hc4", CheckStatus.Warning), (drained.Target, drained.Status));
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag -Name hc4 | Set-SwarmNode -Availability Active", vars).Errors);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Test(ps, "Test-Swarm -Check Availability", vars)).Status);

        // A service no node may run: 0 of 1 replicas.
        var manager = swarm.Leader!;
        Assert.Equal(0, On(ps, manager, "docker service create -d --quiet --name unplaced --constraint node.labels.nowhere==1 --no-resolve-image bb:1 sh", vars).ExitCode);
        var unplaced = Assert.Single(Eventually(ps, "Test-Swarm -Check Replicas", vars, f => f.Any(x => x.Status == CheckStatus.Fail)));
        Assert.Contains("unplaced runs 0 of 1", unplaced.Message);
        Assert.Contains("docker service ps --no-trunc unplaced", unplaced.Remedy);
        Assert.Equal(0, On(ps, manager, "docker service rm unplaced", vars).ExitCode);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Test(ps, "Test-Swarm -Check Replicas", vars)).Status);

        // Firewall drift: hc2 refuses 7946/tcp from hc4 alone.
        var hc4 = Node(ps, "hc4", vars);
        var drop = $"INPUT -p tcp --dport 7946 -s {hc4.PrivateAddress} -j DROP";
        Assert.Equal(0, On(ps, "hc2", "iptables -I " + drop, vars).ExitCode);
        var drift = Test(ps, "Test-Swarm -Check SwarmPorts", vars);
        var refused = Assert.Single(drift);
        Assert.Equal(("hc4", CheckStatus.Fail), (refused.Target, refused.Status));
        Assert.Contains("hc2", refused.Message);
        Assert.Contains(":7946/tcp", refused.Message);
        Assert.DoesNotContain("2377", refused.Message);
        Assert.Contains("Set-SwarmFirewall", refused.Remedy);
        Assert.Equal(0, On(ps, "hc2", "iptables -D " + drop, vars).ExitCode);
        Assert.Equal(CheckStatus.Pass, Assert.Single(Test(ps, "Test-Swarm -Check SwarmPorts", vars)).Status);

        // The leader dies (off the network). A fresh session: no SSH session to reuse.
        var leader = swarm.Leader!;
        LabNetwork.TakeLinksDown(ps, $"Get-SwarmNode -Tag $tag -Name {leader}", vars);
        Thread.Sleep(2000);
        using var fresh = LabSandbox.Open();
        Vars(fresh, tag, Key);
        fresh.Invoke("$global:PSDefaultParameterValues['*-Swarm*:KnownHostsFile'] = $kh", vars);
        var dead = Node(fresh, leader, vars);
        Assert.False(Reachability.Tcp(dead.PublicAddress!, 22), "control: the leader is off the network");
        IReadOnlyList<SwarmCheck> seen = Array.Empty<SwarmCheck>();
        var runs = 0;
        for (var i = 0; i < 12 && !seen.Any(f => f.Check == "NodeStatus" && f.Target == leader); i++, Thread.Sleep(1000))
        {
            var found = Timed(fresh, "Test-Swarm", vars);
            // While the managers elect a new leader no manager answers for the swarm: Fail findings, never an error.
            if (found.Any(Leaderless)) { Assert.Contains(found, f => f.Check == "Leader" && f.Status == CheckStatus.Fail); continue; }
            runs++;
            seen = found;
        }
        Assert.True(runs > 0, "control: Test-Swarm answered with the swarm's findings");
        Assert.Contains(seen, f => f.Check == "NodeStatus" && f.Target == leader && f.Status == CheckStatus.Fail);
        var quorum = Assert.Single(seen, f => f.Check == "Quorum");
        Assert.Equal(CheckStatus.Warning, quorum.Status);
        Assert.Contains("2 of 3 managers", quorum.Message);
        var newLeader = Assert.Single(seen, f => f.Check == "Leader");
        Assert.Equal(CheckStatus.Pass, newLeader.Status);
        Assert.DoesNotContain(leader, newLeader.Message); // read live: another manager leads now
        Assert.Contains(seen, f => f.Check == "SwarmPorts" && f.Target == leader && f.Status == CheckStatus.Fail && f.Message.Contains("over SSH"));
        Assert.False(Quiet(fresh, vars));

        // A second manager dies: 1 of 3 left, the quorum is lost and no manager answers for the swarm. A runbook's
        // Pester test still gets findings (Fail), not an error; each dead manager is named, within the bound.
        var second = swarm.Managers.First(m => m != leader);
        LabNetwork.TakeLinksDown(ps, $"Get-SwarmNode -Tag $tag -Name {second}", vars);
        Thread.Sleep(2000);
        Assert.False(Reachability.Tcp(Node(fresh, second, vars).PublicAddress!, 22), "control: the second manager is off the network");
        var lost = Timed(fresh, "Test-Swarm", vars);
        var noQuorum = Assert.Single(lost, f => f.Check == "Quorum");
        Assert.True(Leaderless(noQuorum), noQuorum.ToString());
        Assert.Equal(CheckStatus.Fail, noQuorum.Status);
        Assert.Contains("--force-new-cluster", noQuorum.Remedy);
        Assert.Equal(CheckStatus.Fail, Assert.Single(lost, f => f.Check == "Leader").Status);
        // Each dead manager is named; a live node whose Docker cannot answer without its managers may be too.
        var silent = lost.Where(f => f.Check == "NodeStatus").ToList();
        Assert.True(silent.Any(f => f.Target == leader && f.Message.Contains("does not answer")), string.Join("; ", lost));
        Assert.True(silent.Any(f => f.Target == second && f.Message.Contains("does not answer")), string.Join("; ", lost));
        Assert.All(lost, f => Assert.Equal(CheckStatus.Fail, f.Status));
        Assert.False(Quiet(fresh, vars));

        // A member whose droplet is gone (Membership Fail) is caused on a live member by tests/pester/SwarmExample.Tests.ps1:
        // a host taken off the network stays listed long after its delete, as the lab tears it down.
        fresh.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    private static IReadOnlyList<SwarmCheck> Test(PowerShellSession ps, string script, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke(script, vars);
        Assert.Empty(r.Errors);
        return r.Output.Select(o => (SwarmCheck)o.BaseObject).ToList();
    }

    /// <summary>Test-Swarm's findings, asserting it raised no error and did not stall.</summary>
    private static IReadOnlyList<SwarmCheck> Timed(PowerShellSession ps, string script, Dictionary<string, object?> vars)
    {
        var clock = Stopwatch.StartNew();
        var findings = Test(ps, script, vars);
        Assert.True(clock.Elapsed < NoStall, $"Test-Swarm took {clock.Elapsed} with a dead member");
        return findings;
    }

    /// <summary>The finding Test-Swarm gives when no manager answers for the swarm.</summary>
    private static bool Leaderless(SwarmCheck f) => f.Check == "Quorum" && f.Message.StartsWith("No manager answers", StringComparison.Ordinal);

    private static bool Quiet(PowerShellSession ps, Dictionary<string, object?> vars) =>
        (bool)Assert.Single(ps.Invoke("Test-Swarm -Quiet", vars).Output).BaseObject;

    private static void Healthy(PowerShellSession ps, Dictionary<string, object?> vars, string when)
    {
        var findings = Test(ps, "Test-Swarm", vars);
        Assert.Equal(AllChecks, findings.Select(f => f.Check).Distinct());
        Assert.True(findings.All(f => f.Status == CheckStatus.Pass), $"{when}: " + string.Join("; ", findings.Where(f => f.Status != CheckStatus.Pass)));
    }

    /// <summary>The findings once <paramref name="done"/> holds (the swarm converges in the background), within 30 s.</summary>
    private static IReadOnlyList<SwarmCheck> Eventually(PowerShellSession ps, string script, Dictionary<string, object?> vars, Func<IReadOnlyList<SwarmCheck>, bool> done)
    {
        var findings = Test(ps, script, vars);
        for (var i = 0; i < 30 && !done(findings); i++, Thread.Sleep(1000)) findings = Test(ps, script, vars);
        return findings;
    }

    private static SwarmNode Node(PowerShellSession ps, string name, Dictionary<string, object?> vars)
    {
        vars["name"] = name;
        return (SwarmNode)Assert.Single(ps.Invoke("Get-SwarmNode -Tag $tag -Name $name", vars).Output).BaseObject;
    }
}
