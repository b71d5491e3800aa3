using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Keeping in step is not best-effort: a member that cannot admit a joining node is an error naming it,
/// a manager joins only when every manager admitted it (or -Force), and joins follow the swarm's own
/// advertise mode.
/// </summary>
public sealed partial class SwarmFirewallTests
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
        var (live, dead) = (swarm.Managers[0], swarm.Managers[1]);

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

    private static void New(PowerShellSession ps, string name, int count, Dictionary<string, object?> vars) =>
        Assert.Empty(ps.Invoke($"New-SwarmNode -Name {name} -Count {count} | Out-Null", vars).Errors);
}
