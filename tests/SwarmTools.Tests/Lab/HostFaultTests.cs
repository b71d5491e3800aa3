using System.Diagnostics;
using SwarmTools.Tests.Support;
using Xunit.Abstractions;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Host faults of the fault matrix (docs/reliability.md) that end in an error: the node is named
/// with the step it was stuck at, and its droplet is kept and named (the default) or deleted with
/// -RemoveFailed, never left untold.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(HostFaultTests))]
public sealed class HostFaultTests(ITestOutputHelper output)
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cloud_init_slower_than_Timeout_is_NodeNotReady_naming_the_step_and_the_droplet_kept_or_removed(bool removeFailed)
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var tag = Sandbox.UniqueTag("ci");
        var name = removeFailed ? "cislowr" : "cislowk";
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["id"] = Key[..^4], ["kh"] = LabSandbox.NewKnownHosts(),
            ["ud"] = "#cloud-config\nruncmd:\n  - sleep 120\n" };

        var r = ps.Invoke($"New-SwarmNode -Name {name} -SwarmTag $tag -SshKey $key -IdentityFile $id -KnownHostsFile $kh -UserData $ud -Timeout 00:00:15 -Verbose{(removeFailed ? " -RemoveFailed" : "")}", vars);

        Assert.Empty(r.Output);
        var error = Assert.Single(r.Errors);
        Assert.Equal("NodeNotReady,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Contains("cloud-init", error.ToString());
        var droplets = (await control.DropletsAsync()).Where(d => d!["tags"]!.AsArray().Any(t => (string?)t == tag)).ToList();
        if (removeFailed)
        {
            Assert.Contains("Its droplet was deleted (-RemoveFailed)", error.ToString());
            Assert.Empty(droplets);
        }
        else
        {
            var id = (long)Assert.Single(droplets)!["id"]!;
            Assert.Contains($"{name} (id {id})", error.ToString());
            Assert.Contains($"Remove-SwarmNode -Id {id} -DropletOnly", error.ToString());
            ps.Invoke($"Remove-SwarmNode -Id {id} -DropletOnly -Force", vars);
        }
    }

    /// <summary>A stall is minutes; a dead peer must be given up on in seconds. (A bound against stalling, not a speed claim.)</summary>
    private static readonly TimeSpan NoStall = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The swarm's only manager goes off the network right after init: forming the rest must
    /// fail fast, naming it, and never start another swarm on the other nodes.
    /// </summary>
    [SkippableFact]
    public void A_manager_lost_after_init_fails_the_joins_fast_naming_it_and_starts_no_other_swarm()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, "mlost");
        var init = ps.Invoke("$global:n = New-SwarmNode -Count 3 -Name mlost -SwarmTag $tag -SshKey $key | Sort-Object Name; $n[0] | Initialize-Swarm", vars);
        Assert.Empty(init.Errors);
        TakeOffTheNetwork(ps, "$n[0]", vars);

        var clock = Stopwatch.StartNew();
        var r = ps.Invoke("$n | Initialize-Swarm -ManagerCount 3", vars);
        foreach (var e in r.Errors) output.WriteLine($"{e.FullyQualifiedErrorId}: {e}"); // what the user sees, for docs/reliability.md

        Assert.True(clock.Elapsed < NoStall, $"Initialize-Swarm took {clock.Elapsed}");
        Assert.Empty(r.Output);
        var dead = (SwarmNode)ps.Invoke("$n[0]", vars).Output.Single().BaseObject;
        Assert.Contains(r.Errors, e => e.ToString().Contains(dead.PublicAddress!) || e.ToString().Contains("mlost1"));
        Assert.All(r.ErrorIds, id => Assert.NotNull(typeof(ErrorIds).GetField(id.Split(',')[0]))); // stable ids, each explained in ErrorIds
        // What is left: mlost2 and mlost3 in no swarm (the error said the swarm's manager could not be reached).
        Assert.Equal(new[] { "mlost2|inactive", "mlost3|inactive" }, SwarmStates(ps, "$n[1..2]", vars));
        ps.Invoke("$n | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    /// <summary>
    /// The leader goes off the network while the second manager joins (a slow join keeps it in
    /// progress): the join fails fast with an error, the run ends, and what was done is readable.
    /// </summary>
    [SkippableFact]
    public async Task The_leader_lost_while_a_manager_joins_fails_that_join_fast_and_ends_the_run()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, "llost");
        await control.FaultAsync(new { kind = "slow-join", name = "llost2", delayMs = 30000, count = 1 }); // a host's faults are set when it boots
        var made = ps.Invoke("$global:n = New-SwarmNode -Count 3 -Name llost -SwarmTag $tag -SshKey $key | Sort-Object Name; $n", vars);
        Assert.Equal(3, made.Output.Count);
        // The leader leaves the network 8 s from now: after the init, during llost2's 30 s join.
        TakeOffTheNetwork(ps, "$n[0]", vars, afterSeconds: 8);

        var clock = Stopwatch.StartNew();
        var r = ps.Invoke("$n | Initialize-Swarm -ManagerCount 3 -Verbose", vars);
        foreach (var e in r.Errors) output.WriteLine($"{e.FullyQualifiedErrorId}: {e}"); // what the user sees, for docs/reliability.md

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30 + 60), $"Initialize-Swarm took {clock.Elapsed}");
        Assert.Contains(r.Verbose, v => v.Contains("initialized the swarm") || v.Contains("initialized on llost1")); // the init did happen
        Assert.NotEmpty(r.Errors);
        Assert.Contains(r.Errors, e => e.ToString().Contains("llost2") || e.ToString().Contains("llost1"));
        Assert.All(r.ErrorIds, id => Assert.NotNull(typeof(ErrorIds).GetField(id.Split(',')[0])));
        Assert.Empty(r.Output);
        ps.Invoke("$n | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    private static Dictionary<string, object?> Vars(PowerShellSession ps, string prefix)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag(prefix), ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts(), ["id"] = Key[..^4] };
        ps.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh }", vars);
        return vars;
    }

    /// <summary>Takes a node's links down; when that is at once, checks it is off the network.</summary>
    private static void TakeOffTheNetwork(PowerShellSession ps, string node, Dictionary<string, object?> vars, int afterSeconds = 1)
    {
        LabNetwork.TakeLinksDown(ps, node, vars, afterSeconds);
        if (afterSeconds <= 1)
        {
            Thread.Sleep(2000);
            var address = ((SwarmNode)ps.Invoke($"{node}", vars).Output.Single().BaseObject).PublicAddress!;
            Assert.False(Reachability.Tcp(address, 22), "control: the node is off the network");
        }
    }

    private static string[] SwarmStates(PowerShellSession ps, string nodes, Dictionary<string, object?> vars) =>
        ps.Invoke($"{nodes} | Invoke-SwarmCommand -Command \"docker info --format '{{{{.Swarm.LocalNodeState}}}}'\" | ForEach-Object {{ \"$($_.Node)|$($_.StandardOutput.Trim())\" }}", vars)
            .Output.Select(o => o.ToString()).OrderBy(s => s).ToArray();
}
