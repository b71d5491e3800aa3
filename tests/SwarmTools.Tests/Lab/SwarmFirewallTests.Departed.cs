using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Lab.SwarmFirewallTests;

namespace SwarmTools.Tests.Lab;

public sealed partial class SwarmFirewallTests
{
    /// <summary>The members a manager lists, as "name status" lines.</summary>
    internal static string[] NodeList(PowerShellSession ps, string manager, Dictionary<string, object?> vars) =>
        On(ps, manager, "docker node ls --format '{{.Hostname}} {{.Status}}'", vars).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Departed members are forgotten: DigitalOcean hands a deleted droplet's address to someone else, so
/// no member's firewall may go on admitting it.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(SwarmFirewallDepartedTests))]
public sealed class SwarmFirewallDepartedTests
{
    [SkippableFact]
    public void A_member_removed_droplet_only_or_deleted_in_the_console_leaves_the_swarm_and_every_members_rules()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fwgone"));
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 3 -Name gone | Initialize-Swarm | Set-SwarmFirewall -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var workers = new[] { "gone1", "gone2", "gone3" }.Where(n => n != manager).ToArray();
        var first = Node(ps, workers[0], vars);
        var second = Node(ps, workers[1], vars);
        Assert.Contains(Rules(ps, vars), r => r.Node == manager && r.From == first.PrivateAddress); // control: both are admitted
        Assert.Contains(Rules(ps, vars), r => r.Node == manager && r.From == second.PrivateAddress);

        // -DropletOnly on a member: out of the swarm through the manager, then out of every member's rules.
        var removed = ps.Invoke($"Get-SwarmNode -Tag $tag -Name {workers[0]} | Remove-SwarmNode -DropletOnly -Force -Verbose", vars);
        Assert.Empty(removed.Errors);
        Assert.Contains(removed.Verbose, v => v.StartsWith($"{workers[0]} was taken out of the swarm"));
        Assert.DoesNotContain(NodeList(ps, manager, vars), l => l.StartsWith(workers[0] + " "));
        var rules = Rules(ps, vars);
        Assert.DoesNotContain(rules, r => r.From == first.PrivateAddress);
        Assert.Contains(rules, r => r.Node == manager && r.From == second.PrivateAddress);

        // Deleted in the console (the API, not the module): the member goes Down with no droplet left.
        vars["dropletId"] = second.Id;
        ps.Invoke("Invoke-RestMethod -Method Delete -Uri \"$($env:DIGITALOCEAN_API_URL.TrimEnd('/'))/v2/droplets/$dropletId\" -Headers @{ Authorization = \"Bearer $env:DIGITALOCEAN_TOKEN\" } | Out-Null", vars);
        for (var i = 0; i < 90 && !NodeList(ps, manager, vars).Contains($"{workers[1]} Down"); i++) Thread.Sleep(1000);
        Assert.Contains($"{workers[1]} Down", NodeList(ps, manager, vars));
        Assert.Contains(Rules(ps, vars), r => r.Node == manager && r.From == second.PrivateAddress); // still admitted until the next run

        var set = ps.Invoke("$swarm | Set-SwarmFirewall -Verbose", vars);
        Assert.Empty(set.Errors);
        Assert.Contains(set.Verbose, v => v.StartsWith($"Member {workers[1]} ({second.PrivateAddress}) is Down and has no droplet under the swarm tag"));
        Assert.DoesNotContain(Rules(ps, vars), r => r.From == second.PrivateAddress);

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
