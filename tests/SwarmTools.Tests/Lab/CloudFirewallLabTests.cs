using System.Text;
using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// -Mode Cloud proven by probes, not API calls: the sandbox enforces each cloud firewall on its
/// lab hosts outside their ufw. A port ufw leaves open (the 1-Click image's 2376) closes to a
/// non-member, members stay admitted, 22 answers only -SshSource, and outbound stays open — with
/// a firewall without outbound rules as the control that outbound is enforced at all. Going back
/// to Ufw: -Mode Ufw deletes the cloud firewall (FirewallModeSwitchTests covers the question and -WhatIf).
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.CloudFirewalls)]
public sealed class CloudFirewallLabTests
{
    private static readonly string Key = TestKeys.NewPublicKey();
    private const string Runner = "198.18.0.1"; // the lab gateway: where the test runner's connections come from

    [SkippableFact]
    public async Task A_cloud_firewall_refuses_non_members_admits_members_keeps_22_to_SshSource_and_outbound_open()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("cloudfw");
        var vars = Vars(ps, tag, Key);
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name cf | Initialize-Swarm; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var other = manager == "cf1" ? "cf2" : "cf1";
        SwarmNode Node(string name) => (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $tag -Name " + name, vars).Output.Single().BaseObject;
        var target = Node(other);
        var member = Node(manager);
        Assert.Equal(0, On(ps, other, "mkdir -p /tmp/www && busybox httpd -p 2376 -h /tmp/www", vars).ExitCode);

        // Controls, before: ufw (the 1-Click image's) lets anyone reach 2376, and a member reach 22.
        Assert.True(Eventually(() => Reachability.Tcp(target.PublicAddress!, 2376), 10), "the listener on 2376 does not answer the runner before the cloud firewall");
        Assert.True(Reaches(ps, manager, target.PublicAddress!, 22, vars), "a member does not reach 22 before the cloud firewall");

        var set = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Cloud -SshSource {Runner}", vars);
        Assert.Empty(set.Errors);
        Assert.False(Reachability.Tcp(target.PublicAddress!, 2376), "a non-member reaches 2376 through the cloud firewall (ufw allows it: only the cloud layer can refuse it)");
        Assert.True(Reachability.Tcp(target.PublicAddress!, 22), "22 is refused to -SshSource");
        Assert.False(Reaches(ps, manager, target.PublicAddress!, 22, vars), "22 answers a member that is not in -SshSource");
        Assert.True(Reaches(ps, manager, target.PrivateAddress!, 7946, vars), "a member is not admitted on 7946");
        // Outbound stays open: the node opens a connection to a member and pings the gateway.
        Assert.True(Reaches(ps, other, member.PrivateAddress!, 7946, vars), "outbound TCP from a member is refused");
        Assert.Equal(0, On(ps, other, $"busybox ping -c 1 -W 2 {Runner} >/dev/null", vars).ExitCode);

        // The control that outbound is enforced at all: a firewall without outbound rules (through the API) stops both.
        using var api = new HttpClient { BaseAddress = LabSandbox.Server.ApiUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", LabSandbox.Server.Token);
        var firewalls = System.Text.Json.Nodes.JsonNode.Parse(await api.GetStringAsync("v2/firewalls"))!["firewalls"]!.AsArray();
        var mine = firewalls.Single(f => f!["tags"] is System.Text.Json.Nodes.JsonArray t && t.Any(x => (string?)x == tag))!;
        var inboundOnly = new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = (string?)mine["name"], ["tags"] = new System.Text.Json.Nodes.JsonArray(tag),
            ["inbound_rules"] = System.Text.Json.Nodes.JsonNode.Parse(mine["inbound_rules"]!.ToJsonString()),
        };
        var put = await api.PutAsync("v2/firewalls/" + (string?)mine["id"], new StringContent(inboundOnly.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)put.StatusCode);
        Assert.True(Eventually(() => On(ps, other, $"busybox ping -c 1 -W 2 {Runner} >/dev/null", vars).ExitCode != 0, 10), "outbound was not enforced (the control)");
        Assert.False(Reaches(ps, other, member.PrivateAddress!, 7946, vars), "outbound TCP passed a firewall without outbound rules");
        // And back: Set-SwarmFirewall puts its rules back, outbound open again.
        Assert.Empty(ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Cloud -SshSource {Runner}", vars).Errors);
        Assert.True(Reaches(ps, other, member.PrivateAddress!, 7946, vars), "outbound stayed closed after Set-SwarmFirewall");

        // Back to Ufw: the switch deletes the cloud firewall once ufw filters (-RemoveOtherLayer: without the question), and 2376, which ufw allows, answers again.
        Assert.False(Reachability.Tcp(target.PublicAddress!, 2376), "2376 answers while the cloud firewall is in force");
        var ufwOnly = ps.Invoke($"$swarm | Set-SwarmFirewall -Mode Ufw -SshSource {Runner} -AllowPort 2376 -RemoveOtherLayer -Verbose", vars);
        Assert.Empty(ufwOnly.Errors);
        Assert.Contains(ufwOnly.Verbose, v => v.Contains("Deleted cloud firewall " + (string)mine["name"]!));
        Assert.True(Eventually(() => Reachability.Tcp(target.PublicAddress!, 2376), 10), "2376 (allowed by ufw) stays closed once the cloud firewall is gone");

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
