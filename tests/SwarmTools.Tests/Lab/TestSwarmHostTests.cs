using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Test-Swarm's checks of each member's host on real lab hosts: all pass on a healthy swarm, and the faults
/// the lab can cause are named on their node with a remedy and go away once undone: node certificates issued
/// for Docker's shortest hour (Certificates), a manager locked by autolock after its Docker restarts
/// (Autolock), Docker's data root on a small full filesystem (DiskSpace). Lab hosts share one kernel clock
/// and one dockerd build, so ClockSkew and EngineVersion fail on simulated hosts (HostHealthTests).
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(TestSwarmHostTests))]
public sealed class TestSwarmHostTests
{
    private static readonly string Key = TestKeys.NewPublicKey();
    private static readonly string[] HostChecks = { "Autolock", "Certificates", "DiskSpace", "EngineVersion", "ClockSkew" };
    private const string Checks = "-Check Autolock, Certificates, DiskSpace, EngineVersion, ClockSkew";

    [SkippableFact]
    public void Each_host_check_passes_and_names_a_locked_manager_short_lived_certificates_and_a_full_data_root()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("hosth");
        var vars = Vars(ps, tag, Key);
        var formed = ps.Invoke("New-SwarmNode -Count 4 -Name hh | Initialize-Swarm -ManagerCount 3", vars);
        Assert.Empty(formed.Errors);
        var swarm = (Swarm)Assert.Single(formed.Output).BaseObject;
        var leader = swarm.Leader!;
        var manager = swarm.Managers.First(m => m != leader);
        var worker = Assert.Single(swarm.Workers);
        try
        {
            var healthy = Test(ps, "Test-Swarm " + Checks, vars);
            Assert.Equal(HostChecks, healthy.Select(f => f.Check));
            Assert.True(healthy.All(f => f.Status == CheckStatus.Pass), string.Join("; ", healthy));
            Assert.Contains("All 4 members run Docker Engine", healthy.Single(f => f.Check == "EngineVersion").Message);
            Assert.Contains("4 members read agree", healthy.Single(f => f.Check == "ClockSkew").Message);

            // Certificates: the swarm issues node certificates for an hour (Docker's minimum) and every node gets a new one.
            Assert.Equal(0, On(ps, leader, "timeout 120 docker swarm ca --rotate --cert-expiry 1h >/dev/null", vars).ExitCode);
            var shortLived = Eventually(ps, "Test-Swarm -Check Certificates", vars, f => f.Count(x => x.Status == CheckStatus.Warning) == 4);
            Assert.Equal(new[] { "hh1", "hh2", "hh3", "hh4" }, shortLived.Select(f => f.Target).Order());
            Assert.All(shortLived, f => Assert.Equal(CheckStatus.Warning, f.Status));
            // Docker's hour, give or take the minute it rounds the expiry to.
            Assert.All(shortLived, f => Assert.Matches(@"in (\d+ minutes|1(\.\d)? hours?)\.$", f.Message));
            Assert.Contains("docker swarm ca --rotate", shortLived[0].Remedy);
            Assert.Equal(0, On(ps, leader, "timeout 120 docker swarm ca --rotate --cert-expiry 2160h >/dev/null", vars).ExitCode);
            Assert.Equal(CheckStatus.Pass, Assert.Single(Eventually(ps, "Test-Swarm -Check Certificates", vars, f => f.All(x => x.Status == CheckStatus.Pass))).Status);

            // Autolock: a manager whose Docker restarts comes back locked. The key is never in a finding.
            Assert.Equal(0, On(ps, leader, "docker swarm update --autolock=true >/dev/null", vars).ExitCode);
            var unlockKey = On(ps, leader, "docker swarm unlock-key -q", vars).Output.Trim();
            Assert.StartsWith("SWMKEY-", unlockKey); // control: the key the findings must not show
            Assert.Equal(0, On(ps, manager, "pkill -x dockerd; for i in $(seq 100); do pgrep -x dockerd >/dev/null || break; sleep 0.2; done; " +
                "setsid dockerd >>/var/log/docker.log 2>&1 </dev/null & for i in $(seq 150); do docker info >/dev/null 2>&1 && break; sleep 0.2; done; docker info >/dev/null", vars).ExitCode);
            Assert.Equal("locked", On(ps, manager, "docker info --format '{{.Swarm.LocalNodeState}}'", vars).Output.Trim());
            var all = Test(ps, "Test-Swarm", vars);
            var locked = Assert.Single(all, f => f.Check == "Autolock");
            Assert.Equal((manager, CheckStatus.Fail), (locked.Target, locked.Status));
            Assert.Contains("docker swarm unlock", locked.Remedy);
            Assert.DoesNotContain(all, f => f.Message.Contains(unlockKey) || f.Remedy.Contains(unlockKey));
            vars["unlock"] = unlockKey + "\n";
            vars["node"] = manager;
            var unlocked = ps.Invoke("Get-SwarmNode -Tag $tag -Name $node | Invoke-SwarmCommand -Command 'docker swarm unlock' -InputText $unlock", vars);
            Assert.Empty(unlocked.Errors);
            Assert.Equal(0, ((SwarmCommandResult)Assert.Single(unlocked.Output).BaseObject).ExitCode);
            Assert.Equal(CheckStatus.Pass, Assert.Single(Test(ps, "Test-Swarm -Check Autolock", vars)).Status);
            Assert.Equal(0, On(ps, leader, "docker swarm update --autolock=false >/dev/null", vars).ExitCode);

            // DiskSpace: the worker's Docker data root on a 16 MiB tmpfs, filled (its own mount namespace: only that host sees it).
            Assert.Equal(0, On(ps, worker, "d=$(docker info --format '{{.DockerRootDir}}') && mount -t tmpfs -o size=16m swarmtools-full \"$d\" && " +
                "{ dd if=/dev/zero of=\"$d/fill\" bs=1M count=32 2>/dev/null; true; }", vars).ExitCode);
            try
            {
                var full = Assert.Single(Test(ps, "Test-Swarm -Check DiskSpace", vars));
                Assert.Equal((worker, CheckStatus.Fail), (full.Target, full.Status));
                Assert.Contains("(0%) free where Docker keeps its data", full.Message);
                Assert.Contains("docker system df", full.Remedy);
            }
            finally
            {
                Assert.Equal(0, On(ps, worker, "umount \"$(docker info --format '{{.DockerRootDir}}')\"", vars).ExitCode);
            }
            Assert.Equal(CheckStatus.Pass, Assert.Single(Test(ps, "Test-Swarm -Check DiskSpace", vars)).Status);
        }
        finally
        {
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
        }
    }

    private static IReadOnlyList<SwarmCheck> Test(PowerShellSession ps, string script, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke(script, vars);
        Assert.Empty(r.Errors);
        return r.Output.Select(o => (SwarmCheck)o.BaseObject).ToList();
    }

    /// <summary>The findings once <paramref name="done"/> holds (certificates renew in the background), within 60 s.</summary>
    private static IReadOnlyList<SwarmCheck> Eventually(PowerShellSession ps, string script, Dictionary<string, object?> vars, Func<IReadOnlyList<SwarmCheck>, bool> done)
    {
        var findings = Test(ps, script, vars);
        for (var i = 0; i < 30 && !done(findings); i++, Thread.Sleep(2000)) findings = Test(ps, script, vars);
        return findings;
    }
}
