using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// The swarm's cloud firewall around the swarm's life: refused where it cannot work
/// (-EncryptedOverlay), deleted with the swarm's last droplet, and named when one left from an
/// earlier swarm would greet new droplets on the tag.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class CloudFirewallLifecycleTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static async Task<Firewall> SwarmFirewallAsync(DigitalOceanClient api, string tag) =>
        await api.Firewalls.CreateAsync(CloudFirewall.Desired(tag, new FirewallPolicy()), default);

    [Theory]
    [InlineData("Cloud")]
    [InlineData("Both")]
    public async Task EncryptedOverlay_with_a_cloud_firewall_is_refused_saying_why_and_nothing_is_made(string mode)
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwesp");
        var r = ps.Invoke("Set-SwarmFirewall -SwarmTag $tag -Mode $mode -EncryptedOverlay", new() { ["tag"] = tag, ["mode"] = mode });
        Assert.Equal(new[] { "EncryptedOverlayNeedsUfw,SwarmTools.Commands.SetSwarmFirewall" }, r.ErrorIds);
        Assert.Contains("ESP", r.Errors[0].ToString());
        Assert.Contains("VPC", r.Errors[0].ToString());
        Assert.DoesNotContain(await api.Firewalls.ListAsync(default), f => f.Name == CloudFirewall.NameFor(tag));
        // Control: without -EncryptedOverlay the same call gets past the check (and fails later: there is no swarm).
        Assert.DoesNotContain("EncryptedOverlayNeedsUfw,SwarmTools.Commands.SetSwarmFirewall",
            ps.Invoke("Set-SwarmFirewall -SwarmTag $tag -Mode $mode", new() { ["tag"] = tag, ["mode"] = mode }).ErrorIds);
    }

    [Fact]
    public async Task The_cloud_firewall_goes_with_the_swarms_last_droplet_and_not_before()
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwlast");
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key };
        Assert.Empty(ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -SwarmTag $tag -SshKey $key", vars).Errors);
        var firewall = await SwarmFirewallAsync(api, tag);

        var first = ps.Invoke("Get-SwarmNode -Tag $tag -Name node1 | Remove-SwarmNode -Force -DropletOnly -SwarmTag $tag -Verbose", vars);
        Assert.Empty(first.Errors);
        Assert.NotNull(await api.Firewalls.FindAsync(firewall.Id!, default)); // a droplet of the swarm remains

        var last = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly -SwarmTag $tag -Verbose", vars);
        Assert.Empty(last.Errors);
        Assert.Contains(last.Verbose, v => v.Contains("Deleted cloud firewall " + firewall.Name));
        Assert.Null(await api.Firewalls.FindAsync(firewall.Id!, default));
    }

    [Fact]
    public async Task Remove_SwarmFirewall_Mode_Cloud_deletes_the_swarms_firewall_after_confirmation_and_never_one_that_covers_more()
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwrm");
        var other = Sandbox.UniqueTag("fwrmo");
        foreach (var t in new[] { tag, other })
            using (await api.Connection.PostAsync("v2/tags", new { name = t }, default)) { }
        var firewall = await SwarmFirewallAsync(api, tag);
        var vars = new Dictionary<string, object?> { ["tag"] = tag };

        var whatIf = ps.Invoke("Remove-SwarmFirewall -SwarmTag $tag -Mode Cloud -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.NotNull(await api.Firewalls.FindAsync(firewall.Id!, default)); // -WhatIf changes nothing
        var removed = ps.Invoke("Remove-SwarmFirewall -SwarmTag $tag -Mode Cloud -Confirm:$false -Verbose", vars);
        Assert.Empty(removed.Errors);
        Assert.Contains(removed.Verbose, v => v.Contains("Deleted cloud firewall " + firewall.Name));
        Assert.Null(await api.Firewalls.FindAsync(firewall.Id!, default));
        Assert.Empty(ps.Invoke("Remove-SwarmFirewall -SwarmTag $tag -Mode Cloud -Confirm:$false", vars).Errors); // nothing left: nothing to do

        // One with the swarm's name that also covers another tag is refused and left.
        var shared = await api.Firewalls.CreateAsync(new Firewall
        {
            Name = CloudFirewall.NameFor(tag), Tags = new List<string> { tag, other },
            InboundRules = new List<InboundRule> { new() { Protocol = "tcp", Ports = "22", Sources = new RuleEndpoints { Addresses = new List<string> { "0.0.0.0/0" } } } },
        }, default);
        try
        {
            var refused = ps.Invoke("Remove-SwarmFirewall -SwarmTag $tag -Mode Cloud -Confirm:$false", vars);
            Assert.Equal(new[] { "CloudFirewallNotOurs,SwarmTools.Commands.RemoveSwarmFirewall" }, refused.ErrorIds);
            Assert.NotNull(await api.Firewalls.FindAsync(shared.Id!, default));
        }
        finally { await api.Firewalls.DeleteAsync(shared.Id!, default); }
    }

    [Fact]
    public async Task A_firewall_left_on_the_tag_by_an_earlier_swarm_is_named_when_new_droplets_would_get_it()
    {
        using var ps = SandboxSession.Open();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag("fwold");
        using (await api.Connection.PostAsync("v2/tags", new { name = tag }, default)) { }
        var earlier = await SwarmFirewallAsync(api, tag);
        try
        {
            var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key };
            var made = ps.Invoke("New-SwarmNode -WaitFor Active -Count 1 -Name a -SwarmTag $tag -SshKey $key", vars);
            Assert.Empty(made.Errors);
            Assert.Contains(made.Warnings, w => w.Contains(earlier.Name) && w.Contains(earlier.Id!));
            // Control: once the swarm has droplets, the firewall is its own and a new node is not warned about it.
            var more = ps.Invoke("New-SwarmNode -WaitFor Active -Count 1 -Name b -SwarmTag $tag -SshKey $key", vars);
            Assert.Empty(more.Errors);
            Assert.DoesNotContain(more.Warnings, w => w.Contains(earlier.Name));
        }
        finally
        {
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly -SwarmTag $tag", new() { ["tag"] = tag });
        }
    }
}
