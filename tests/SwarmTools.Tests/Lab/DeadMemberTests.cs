using System.Diagnostics;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// A member taken off the network must not stall the cmdlets that look for a manager: they ask
/// every candidate at once and take the first live manager (it took 300 s when they asked one by
/// one, each with the 5-minute deadline meant for booting droplets).
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(DeadMemberTests))]
public sealed class DeadMemberTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>A stall is minutes; a live manager answers in seconds. (A bound against stalling, not a speed claim.)</summary>
    private static readonly TimeSpan NoStall = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public void A_dead_member_does_not_stall_reading_changing_or_removing()
    {
        var tag = Sandbox.UniqueTag("dead");
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts(), ["id"] = Key[..^4] };
        const string defaults = "$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh; '*-Swarm*:SwarmTag' = $tag }";
        using (var ps = LabSandbox.Open())
        {
            ps.Invoke(defaults, vars);
            var formed = ps.Invoke("New-SwarmNode -Count 3 -Name dm -SshKey $key | Initialize-Swarm -ManagerCount 3", vars);
            Assert.Empty(formed.Errors);
            // dm1 first in name order, as the old one-by-one search would have tried it: its links go down.
            LabNetwork.TakeLinksDown(ps, "Get-SwarmNode -Tag $tag -Name dm1", vars);
            Thread.Sleep(2000);
        }

        // A fresh session: no SSH session to reuse, nothing known about which node is alive.
        using var fresh = LabSandbox.Open();
        fresh.Invoke(defaults, vars);
        var dead = (SwarmNode)fresh.Invoke("Get-SwarmNode -Tag $tag -Name dm1", vars).Output.Single().BaseObject;
        Assert.False(Reachability.Tcp(dead.PublicAddress!, 22), "control: dm1 is off the network");

        var (swarm, readTime) = Timed(fresh, "Get-Swarm -Verbose", vars);
        Assert.Empty(swarm.Errors);
        Assert.True(readTime < NoStall, $"Get-Swarm took {readTime}");
        var read = (Swarm)swarm.Output.Single().BaseObject;
        Assert.Equal(3, read.Managers.Length);
        // Once the managers miss its heartbeats, Get-Swarm names it.
        var named = swarm.Verbose;
        for (var i = 0; i < 30 && !named.Any(v => v.StartsWith("dm1 (") && v.Contains("is not reachable")); i++, Thread.Sleep(1000))
            named = fresh.Invoke("Get-Swarm -Verbose", vars).Verbose;
        Assert.Contains(named, v => v.StartsWith("dm1 (") && v.Contains("is not reachable"));

        var (state, stateTime) = Timed(fresh, "Get-SwarmNode -Tag $tag -SwarmState", vars);
        Assert.Empty(state.Errors);
        Assert.True(stateTime < NoStall, $"Get-SwarmNode -SwarmState took {stateTime}");
        Assert.Equal(3, state.Output.Count(o => ((SwarmNode)o.BaseObject).Role == SwarmRole.Manager));

        var (change, changeTime) = Timed(fresh, "Get-SwarmNode -Tag $tag -Name dm2 | Set-SwarmNode -Label @{ zone = 'b' }", vars);
        Assert.Empty(change.Errors);
        Assert.True(changeTime < NoStall, $"Set-SwarmNode took {changeTime}");

        // Removing the dead member itself: it cannot be taken out of the swarm, and says so quickly.
        var (remove, removeTime) = Timed(fresh, "Get-SwarmNode -Tag $tag -Name dm1 | Remove-SwarmNode -Force", vars);
        Assert.Equal("NodeUnreachable,SwarmTools.Commands.RemoveSwarmNode", Assert.Single(remove.Errors).FullyQualifiedErrorId);
        Assert.True(removeTime < NoStall, $"Remove-SwarmNode took {removeTime}");

        fresh.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    private static (PowerShellSession.Result, TimeSpan) Timed(PowerShellSession ps, string script, Dictionary<string, object?> vars)
    {
        var clock = Stopwatch.StartNew();
        var r = ps.Invoke(script, vars);
        return (r, clock.Elapsed);
    }
}
