using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Lab.SwarmFirewallTests;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Keeping in step is not best-effort: a member that cannot admit a joining node is an error naming it,
/// a manager joins only when every manager admitted it (or -Force), and joins follow the swarm's own
/// advertise mode.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(SwarmFirewallInStepTests))]
public sealed class SwarmFirewallInStepTests
{
    private static string AddressInSwarm(PowerShellSession ps, string manager, string node, Dictionary<string, object?> vars) =>
        On(ps, manager, $"docker node inspect {node} --format '{{{{.Status.Addr}}}}'", vars).Output.Trim();

    [SkippableFact]
    public void Joins_follow_the_swarms_advertise_mode_and_a_member_that_cannot_admit_is_an_error_that_holds_back_a_manager()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fwstep"));
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 3 -Name step | Initialize-Swarm -ManagerCount 3 -AdvertiseAddress Public | Set-SwarmFirewall -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var swarm = (Swarm)formed.Output.Single().BaseObject;
        // The leader stays up: a join while the others elect a new leader fails in Docker itself
        // (DockerCommandFailed), which is not what this test is about.
        var live = swarm.Leader ?? swarm.Managers[0];
        var dead = swarm.Managers.First(m => m != live);

        // Without -AdvertiseAddress a node joins as the swarm does (Public here), not with the cmdlet's Private default
        // (which, in a swarm on public addresses, its members' firewalls would not admit).
        var follow = ps.Invoke($"New-SwarmNode -Name follow -Count 1 | Join-SwarmNode -Manager (Get-SwarmNode -Tag $tag -Name {live})", vars);
        Assert.Empty(follow.Errors);
        Assert.Equal(Node(ps, "follow1", vars).PublicAddress, AddressInSwarm(ps, live, "follow1", vars));
        // A manager cut off: it cannot admit anyone.
        New(ps, "late", 2, vars);
        LabNetwork.TakeLinksDown(ps, $"Get-SwarmNode -Tag $tag -Name {dead}", vars);
        Thread.Sleep(3000);
        var worker = ps.Invoke($"Get-SwarmNode -Tag $tag -Name late1 | Join-SwarmNode -Manager (Get-SwarmNode -Tag $tag -Name {live})", vars);
        var error = Assert.Single(worker.Errors);
        Assert.Equal("MemberNotAdmitting,SwarmTools.Commands.JoinSwarmNode", error.FullyQualifiedErrorId);
        Assert.Contains(dead, error.Exception.Message);
        Assert.Contains("Set-SwarmFirewall", error.Exception.Message); // the remedy
        Assert.Contains(NodeList(ps, live, vars), l => l.StartsWith("late1 ")); // a worker joins all the same

        var manager = ps.Invoke($"Get-SwarmNode -Tag $tag -Name late2 | Join-SwarmNode -Role Manager -Manager (Get-SwarmNode -Tag $tag -Name {live})", vars);
        Assert.Contains(manager.Errors, e => e.FullyQualifiedErrorId == "MemberNotAdmitting,SwarmTools.Commands.JoinSwarmNode" && e.Exception.Message.StartsWith("late2 was not joined as a manager"));
        Assert.DoesNotContain(NodeList(ps, live, vars), l => l.StartsWith("late2 "));
        var forced = ps.Invoke($"Get-SwarmNode -Tag $tag -Name late2 | Join-SwarmNode -Role Manager -Force -Manager (Get-SwarmNode -Tag $tag -Name {live})", vars);
        Assert.DoesNotContain(forced.Errors, e => e.Exception.Message.StartsWith("late2 was not joined"));
        Assert.Contains(NodeList(ps, live, vars), l => l.StartsWith("late2 "));

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void The_policy_is_kept_in_the_swarm_where_every_manager_reads_it_and_a_node_that_disagrees_is_named()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fwkeep"));
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 3 -Name keep | Initialize-Swarm -ManagerCount 3 | Set-SwarmFirewall -AllowPort 8443 -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var managers = ((Swarm)formed.Output.Single().BaseObject).Managers;

        // One config in the swarm, seen alike by every manager.
        foreach (var m in managers)
            Assert.Single(On(ps, m, "docker config ls -q --filter label=swarmtools.firewall-policy", vars).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        // No node's own file is needed: with every file gone, a join through another manager still applies the policy (8443 open).
        vars["cmd"] = "rm -f /etc/ufw/swarmtools-policy.json";
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd", vars).Errors);
        var joined = ps.Invoke($"New-SwarmNode -Name joiner -Count 1 | Join-SwarmNode -Manager (Get-SwarmNode -Tag $tag -Name {managers[^1]})", vars);
        Assert.Empty(joined.Errors);
        Assert.Contains(Rules(ps, vars), r => r.Node == "joiner1" && r.To == "8443/tcp" && r.From == "Anywhere");

        // A node whose own policy differs from the swarm's is named; a re-run brings it in line (the control: then none is).
        Assert.Equal(0, On(ps, "joiner1", "echo '{\"SshSources\":[\"any\"],\"FilterPublishedPorts\":false}' >/etc/ufw/swarmtools-policy.json", vars).ExitCode);
        var read = ps.Invoke("Get-SwarmFirewall", vars);
        Assert.Contains(read.Warnings, w => w.StartsWith("joiner1 keeps a firewall policy that differs from the swarm's"));
        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -AllowPort 8443", vars).Errors);
        Assert.DoesNotContain(ps.Invoke("Get-SwarmFirewall", vars).Warnings, w => w.Contains("differs from the swarm's"));

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }

    private static void New(PowerShellSession ps, string name, int count, Dictionary<string, object?> vars) =>
        Assert.Empty(ps.Invoke($"New-SwarmNode -Name {name} -Count {count} | Out-Null", vars).Errors);
}
