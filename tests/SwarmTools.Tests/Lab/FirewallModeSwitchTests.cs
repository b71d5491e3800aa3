using System.Text.Json.Nodes;
using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// A mode switch converges the other layer to absent, after confirmation, with Remove-SwarmFirewall's code:
/// Both then Ufw deletes the cloud firewall (the sandbox has none after), Ufw then Cloud takes the host rules,
/// the module's chain and its after.rules block away. -WhatIf changes nothing; a "no" leaves the layer and says so.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class FirewallModeSwitchTests
{
    private static readonly string Key = TestKeys.NewPublicKey();
    private const string Runner = "198.18.0.1"; // the lab gateway: where the test runner's connections come from

    [SkippableFact]
    public async Task Both_then_Ufw_deletes_the_cloud_firewall_and_Ufw_then_Cloud_takes_the_host_layer_away()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("fwswitch");
        var vars = Vars(ps, tag, Key);
        Assert.Empty(ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name sw | Initialize-Swarm; $swarm", vars).Errors);
        using var api = new HttpClient { BaseAddress = LabSandbox.Server.ApiUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", LabSandbox.Server.Token);
        async Task<JsonNode?> CloudFirewallAsync() =>
            JsonNode.Parse(await api.GetStringAsync("v2/firewalls"))!["firewalls"]!.AsArray()
                .SingleOrDefault(f => f!["tags"] is JsonArray t && t.Any(x => (string?)x == tag));
        // What the module owns on a host beyond the members' swarm-port rules and its SSH rule: its rules, its chain, its after.rules block, its kept policy.
        string HostLayer(string node) => On(ps, node, "ufw status | grep swarmtools | grep -cvE '2377|7946|4789|^22/' || true; " +
            "iptables -n -L swarmtools-published >/dev/null 2>&1 && echo chain || echo nochain; grep -c 'BEGIN swarmtools' /etc/ufw/after.rules || true; " +
            "test -f /etc/ufw/swarmtools-policy.json && echo policy || echo none", vars).Output;

        var both = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Both -SshSource {Runner} -AllowPort 8443", vars);
        Assert.Empty(both.Errors);
        Assert.NotNull(await CloudFirewallAsync());
        var layer = HostLayer("sw1");
        Assert.Matches("^[1-9][0-9]*\nchain\n1\npolicy\n$", layer); // the host layer is there (the control for its removal below)

        // Both → Ufw, -WhatIf: names the deletion, changes nothing.
        var whatIf = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Ufw -SshSource {Runner} -AllowPort 8443 -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.Contains(ps.Host.Lines, l => l.Contains("cloud firewall") && l.Contains("Delete cloud firewall"));
        Assert.NotNull(await CloudFirewallAsync());
        Assert.Empty(ps.Host.Prompts); // -WhatIf asks nothing

        // Both → Ufw: asked once, yes; the sandbox has no cloud firewall for the swarm after, ufw still filters.
        ps.Host.Answers.Enqueue(0);
        var ufw = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Ufw -SshSource {Runner} -AllowPort 8443", vars);
        Assert.Empty(ufw.Errors);
        Assert.Single(ps.Host.Prompts, p => p.Contains("Switching to -Mode Ufw deletes cloud firewall"));
        Assert.Null(await CloudFirewallAsync());
        Assert.Equal(layer, HostLayer("sw1"));

        // Ufw → Cloud, -WhatIf: each host's removal is named, nothing changes.
        ps.Host.Lines.Clear();
        var cloudWhatIf = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Cloud -SshSource {Runner} -WhatIf", vars);
        Assert.Empty(cloudWhatIf.Errors);
        Assert.Contains(ps.Host.Lines, l => l.Contains("\"sw2\"") && l.Contains("switching to -Mode Cloud"));
        Assert.Equal(layer, HostLayer("sw1"));
        Assert.Null(await CloudFirewallAsync());

        // Ufw → Cloud, answered no: the cloud firewall is made, the host layer stays, and a warning says so.
        ps.Host.Answers.Enqueue(1);
        var declined = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Cloud -SshSource {Runner}", vars);
        Assert.Empty(declined.Errors);
        Assert.Contains(declined.Warnings, w => w.Contains("host firewall was left") && w.Contains("Remove-SwarmFirewall -Mode Ufw"));
        Assert.NotNull(await CloudFirewallAsync());
        Assert.Equal(layer, HostLayer("sw1"));

        // Ufw → Cloud with -RemoveOtherLayer: no question; every member's rules, chain and block go, and the policy kept in the swarm.
        var prompts = ps.Host.Prompts.Count;
        var cloud = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Cloud -SshSource {Runner} -RemoveOtherLayer", vars);
        Assert.Empty(cloud.Errors);
        Assert.Equal(prompts, ps.Host.Prompts.Count);
        Assert.Equal("0\nnochain\n0\nnone\n", HostLayer("sw1"));
        Assert.Equal("0\nnochain\n0\nnone\n", HostLayer("sw2"));
        var manager = ((Swarm)ps.Invoke("Get-Swarm", vars).Output.Single().BaseObject).Managers[0];
        Assert.Equal("0", On(ps, manager, "docker config ls -q --filter label=swarmtools.firewall-policy | wc -l", vars).Output.Trim());
        Assert.NotNull(await CloudFirewallAsync());
        Assert.Contains("7946", On(ps, "sw2", "ufw status", vars).Output); // the members' swarm-port rules stay
        // ...and the SSH rule: a new connection from -SshSource still gets in (ufw denies the rest by default).
        var sw1 = (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $tag -Name sw1", vars).Output.Single().BaseObject;
        Assert.True(Reachability.Tcp(sw1.PublicAddress!, 22), "22 is refused to -SshSource after the host layer went");
        Assert.Matches(@"(?m)^22/tcp\s+(ALLOW|LIMIT)\s+198\.18\.0\.1\s", On(ps, "sw1", "ufw status", vars).Output);

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
