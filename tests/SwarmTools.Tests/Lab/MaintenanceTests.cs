using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Invoke-SwarmMaintenance on real lab hosts, one 5-node swarm with 3 managers for the whole story: refused
/// without -Force (nothing changed); -WhatIf lists the order and changes nothing; maintenance with a reboot
/// through the droplet reboot action ends healthy, workers first and the leader last, as the hosts recorded
/// it; a command that fails on the third node stops there, leaving it drained and the last two untouched;
/// a re-run carries on from there and removes every label.
/// </summary>
[Trait("Category", "Lab")]
// Alone, as RebootTests: it reboots hosts and waits for the swarm to see them Ready and Reachable again.
[Collection(LabCollection.Name)]
public sealed class MaintenanceTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [SkippableFact]
    public void Maintenance_reboots_node_by_node_stops_at_a_failure_and_a_rerun_finishes()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("maint"), Key);
        var formed = ps.Invoke("New-SwarmNode -Count 5 -Name mt | Initialize-Swarm -ManagerCount 3", vars);
        Assert.Empty(formed.Errors);
        var swarm = (Swarm)Assert.Single(formed.Output).BaseObject;
        var leader = swarm.Leader!;
        var managers = swarm.Managers.ToHashSet();
        Assert.Equal(3, managers.Count);
        var names = new[] { "mt1", "mt2", "mt3", "mt4", "mt5" };

        // A replicated service with tasks to move away on each drain (busybox as an image: the lab pulls nothing).
        vars["cmd"] = "set -e; d=$(mktemp -d); mkdir -p $d/bin; cp \"$(command -v busybox)\" $d/bin/busybox; ln -s busybox $d/bin/sh; ln -s busybox $d/bin/sleep; " +
                      "tar -C $d -c . | docker import - bb:1 >/dev/null; rm -rf $d";
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd", vars).Errors);
        Assert.Equal(0, On(ps, leader, "docker service create -d --quiet --name web --replicas 2 --no-resolve-image bb:1 sleep 1d", vars).ExitCode);

        // 3 managers: each one's turn leaves the other two tolerating no failure. Refused, nothing changed.
        var refused = ps.Invoke("Invoke-SwarmMaintenance -Reboot", vars);
        Assert.Equal("FaultToleranceWouldDrop,SwarmTools.Commands.InvokeSwarmMaintenance", Assert.Single(refused.Errors).FullyQualifiedErrorId);
        Assert.Empty(refused.Output);
        Untouched(ps, names, vars, "after the refusal");

        // -WhatIf: the order and the steps, and nothing done.
        ps.Host.Lines.Clear();
        Assert.Empty(ps.Invoke("Invoke-SwarmMaintenance -Command 'touch /root/whatif' -Reboot -Force -WhatIf", vars).Errors);
        var whatIf = ps.Host.Lines.Where(l => l.Contains("Maintain (")).ToList();
        Assert.Equal(5, whatIf.Count);
        Assert.Contains(leader, whatIf[4]);
        Assert.Contains("Leader", whatIf[4]);
        Assert.All(whatIf, l => Assert.Contains("reboot (droplet reboot action)", l));
        Untouched(ps, names, vars, "after -WhatIf");
        Assert.All(names, n => Assert.Equal(1, On(ps, n, "test -e /root/whatif", vars).ExitCode));

        // Maintenance with a reboot: each node records when its command ran, and is rebooted by the API.
        var run = ps.Invoke("Invoke-SwarmMaintenance -Command 'date +%s%N >> /root/maintained' -Reboot -Force", vars);
        Assert.Empty(run.Errors);
        var results = run.Output.Select(o => (SwarmMaintenanceResult)o.BaseObject).ToList();
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Equal(new[] { "Drain", "Command", "Reboot", "WaitReady", "Restore", "Verify" }, r.Steps));
        Assert.Contains(run.Progress, p => p.Contains(leader + " (Leader), 5 of 5"));
        // The order the hosts saw: every node ran the command once and was rebooted ...
        var ranAt = names.ToDictionary(n => n, n => On(ps, n, "cat /root/maintained", vars).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.All(ranAt, kv => Assert.True(kv.Value.Length == 1, $"{kv.Key} ran the command {kv.Value.Length} times"));
        Assert.All(names, n => Assert.Contains("again", On(ps, n, "cat /run/lab/lab/boot.log", vars).Output));
        // ... then in order: workers, then managers, the leader last.
        var order = ranAt.OrderBy(kv => decimal.Parse(kv.Value[0])).Select(kv => kv.Key).ToList();
        Assert.Equal(order, results.Select(r => r.Node));
        Assert.All(order.Take(2), n => Assert.DoesNotContain(n, managers));
        Assert.All(order.Skip(2), n => Assert.Contains(n, managers));
        Assert.Equal(leader, order[4]);
        Healthy(ps, names, vars, "after maintenance with a reboot");

        // A command that fails on the third node: the run stops there. The leader changed with its reboot, so the
        // order is workers, the managers that do not lead, then whichever leads now.
        var leaderNow = ((Swarm)Assert.Single(ps.Invoke("Get-Swarm", vars).Output).BaseObject).Leader!;
        Assert.Contains(leaderNow, managers);
        order = order.Take(2).Order().Concat(managers.Where(m => m != leaderNow).Order()).Append(leaderNow).ToList();
        var third = order[2];
        Assert.Equal(0, On(ps, third, "touch /root/fail-maintenance", vars).ExitCode);
        const string command = "test ! -e /root/fail-maintenance && echo ran >> /root/marker";
        vars["mcmd"] = command;
        var failed = ps.Invoke("Invoke-SwarmMaintenance -Command $mcmd -Force", vars);
        var error = Assert.Single(failed.Errors);
        Assert.Equal("MaintenanceStepFailed,SwarmTools.Commands.InvokeSwarmMaintenance", error.FullyQualifiedErrorId);
        Assert.Equal(third, ((SwarmNode)error.TargetObject).Name);
        Assert.Contains($"stopped at {third}, step command", error.Exception.Message);
        Assert.Contains("exited with 1", error.Exception.Message);
        Assert.Equal(order.Take(2), failed.Output.Select(o => ((SwarmMaintenanceResult)o.BaseObject).Node));
        var members = Members(ps, managers.First(), vars);
        Assert.All(order.Take(2), n => Assert.Equal(("active", "done"), members[n]));
        Assert.Equal(1, Lines(ps, order[0], vars)); // the control: the marker is written where the command ran
        Assert.Equal(("drain", "command"), members[third]);
        Assert.Equal(0, Lines(ps, third, vars));
        foreach (var untouched in order.Skip(3))
        {
            Assert.Equal(("active", ""), members[untouched]);
            Assert.Equal(0, Lines(ps, untouched, vars)); // the command never ran there
        }

        // The cause fixed, the same command again: it carries on at the third node's command step.
        Assert.Equal(0, On(ps, third, "rm /root/fail-maintenance", vars).ExitCode);
        var rerun = ps.Invoke("Invoke-SwarmMaintenance -Command $mcmd -Force", vars);
        Assert.Empty(rerun.Errors);
        var resumed = rerun.Output.Select(o => (SwarmMaintenanceResult)o.BaseObject).ToList();
        Assert.Equal(order.Skip(2), resumed.Select(r => r.Node));
        Assert.Equal(new[] { "Command", "Restore", "Verify" }, resumed[0].Steps);
        Assert.Equal(new[] { "Drain", "Command", "Restore", "Verify" }, resumed[1].Steps);
        Assert.All(names, n => Assert.Equal(1, Lines(ps, n, vars))); // nodes done before were skipped
        Healthy(ps, names, vars, "after the re-run");

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    /// <summary>Each node's availability and maintenance label, as a manager lists them.</summary>
    private static Dictionary<string, (string Availability, string Label)> Members(PowerShellSession ps, string manager, Dictionary<string, object?> vars) =>
        On(ps, manager, "docker node ls -q | xargs docker node inspect --format '{{.Description.Hostname}} {{.Spec.Availability}} {{index .Spec.Labels \"swarmtools.maintenance\"}}'", vars)
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(' '))
            .ToDictionary(p => p[0], p => (p[1], p.Length > 2 ? p[2] : ""));

    private static int Lines(PowerShellSession ps, string node, Dictionary<string, object?> vars) =>
        On(ps, node, "cat /root/marker 2>/dev/null | wc -l", vars).Output.Trim() is var n ? int.Parse(n) : -1;

    private static void Untouched(PowerShellSession ps, string[] names, Dictionary<string, object?> vars, string when)
    {
        var members = Members(ps, names.First(n => On(ps, n, "docker node ls >/dev/null 2>&1", vars).ExitCode == 0), vars); // any manager
        Assert.Equal(names, members.Keys.Order());
        Assert.All(members, m => Assert.True(m.Value == ("active", ""), $"{when}: {m.Key} is {m.Value}"));
        Assert.All(names, n => Assert.Equal(1, On(ps, n, "test -e /root/maintained", vars).ExitCode));
    }

    /// <summary>Test-Swarm has no Fail, every node is Active, no maintenance label is left, the service runs all its replicas.</summary>
    private static void Healthy(PowerShellSession ps, string[] names, Dictionary<string, object?> vars, string when)
    {
        var check = ps.Invoke("Test-Swarm", vars);
        Assert.Empty(check.Errors);
        var findings = check.Output.Select(o => (SwarmCheck)o.BaseObject).ToList();
        Assert.Contains(findings, f => f.Check == "Quorum" && f.Status == CheckStatus.Pass); // the control: it checked
        var manager = names.First(n => On(ps, n, "docker node ls >/dev/null 2>&1", vars).ExitCode == 0);
        Assert.True(findings.All(f => f.Status != CheckStatus.Fail), $"{when}: " + string.Join("; ", findings.Where(f => f.Status == CheckStatus.Fail)) +
            "\n" + On(ps, manager, "docker service ps --no-trunc web; docker node ls", vars).Output);
        Assert.Contains(findings, f => f.Check == "Replicas" && f.Status == CheckStatus.Pass);
        var members = Members(ps, manager, vars);
        Assert.Equal(names, members.Keys.Order());
        Assert.All(members, m => Assert.True(m.Value == ("active", ""), $"{when}: {m.Key} is {m.Value}"));
        Assert.DoesNotContain("swarmtools.maintenance", On(ps, manager, "docker node ls -q | xargs docker node inspect --format '{{json .Spec.Labels}}'", vars).Output);
    }
}
