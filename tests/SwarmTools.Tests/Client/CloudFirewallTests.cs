using System.Text.Json;
using System.Text.RegularExpressions;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>
/// Cloud firewalls as DigitalOcean takes them: the sandbox answers like the service (422 for ports
/// on icmp and for "0", its limits, "0" read back, null lists), and the swarm's firewall is
/// accepted, read back unchanged, named one-to-one from its tag and never takes over another one.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class CloudFirewallTests
{
    private static readonly RuleEndpoints Everywhere = new() { Addresses = new List<string> { "0.0.0.0/0", "::/0" } };

    private static async Task<string> NewTagAsync(DigitalOceanClient api, string prefix = "fw")
    {
        var tag = Sandbox.UniqueTag(prefix);
        using var _ = await api.Connection.PostAsync("v2/tags", new { name = tag }, default);
        return tag;
    }

    private static Firewall With(string name, params OutboundRule[] outbound) => new()
    {
        Name = name,
        InboundRules = new List<InboundRule> { new() { Protocol = "tcp", Ports = "22", Sources = Everywhere } },
        OutboundRules = outbound.ToList(),
    };

    private static async Task<DigitalOceanException> RefusedAsync(Firewall firewall)
    {
        using var api = Sandbox.Client();
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Firewalls.CreateAsync(firewall, default));
        Assert.Equal(422, e.StatusCode);
        return e;
    }

    [Theory]
    [InlineData("icmp", "0")]
    [InlineData("icmp", "all")]
    [InlineData("tcp", "0")]
    public async Task Ports_that_are_not_positive_are_refused_with_DigitalOceans_422(string protocol, string ports)
    {
        var e = await RefusedAsync(With("fw-ports", new OutboundRule { Protocol = protocol, Ports = ports, Destinations = Everywhere }));
        Assert.Equal("You must specify a positive value for ports.", e.ApiMessage);
    }

    [Fact]
    public async Task Icmp_without_ports_and_tcp_all_are_taken_and_read_back_as_0_with_null_lists_read_as_empty()
    {
        using var api = Sandbox.Client();
        var created = await api.Firewalls.CreateAsync(With("fw-readback",
            new OutboundRule { Protocol = "icmp", Destinations = Everywhere },
            new OutboundRule { Protocol = "tcp", Ports = "all", Destinations = Everywhere }), default);
        try
        {
            var raw = await api.Connection.GetAsync<JsonElement>("v2/firewalls/" + created.Id, "firewall", default);
            Assert.Equal(JsonValueKind.Null, raw.GetProperty("droplet_ids").ValueKind);
            Assert.Equal(JsonValueKind.Null, raw.GetProperty("tags").ValueKind);
            Assert.All(raw.GetProperty("outbound_rules").EnumerateArray(), r => Assert.Equal("0", r.GetProperty("ports").GetString()));
            var read = await api.Firewalls.FindAsync(created.Id!, default);
            Assert.NotNull(read);
            Assert.Empty(read!.DropletIds);
            Assert.Empty(read.Tags);
            Assert.Equal(2, read.OutboundRules.Count);
        }
        finally { await api.Firewalls.DeleteAsync(created.Id!, default); }
    }

    [Fact]
    public async Task DigitalOceans_limits_are_refused_by_the_sandbox_and_checked_by_the_module_before_sending()
    {
        var many = Enumerable.Range(1, 50).Select(p => new OutboundRule { Protocol = "tcp", Ports = (1000 + p).ToString(), Destinations = Everywhere }).ToArray();
        Assert.Contains("at most 50 rules", (await RefusedAsync(With("fw-rules", many))).ApiMessage);
        var sources = new RuleEndpoints { Addresses = Enumerable.Range(0, 1001).Select(i => $"10.{i / 250}.{i % 250}.1").ToList() };
        var wide = new Firewall { Name = "fw-sources", InboundRules = new List<InboundRule> { new() { Protocol = "tcp", Ports = "22", Sources = sources } } };
        Assert.Contains("at most 1000 sources", (await RefusedAsync(wide)).ApiMessage);

        // The module: 43 -AllowPort values make 51 rules; 1001 -SshSource addresses one rule too wide.
        var ports = new FirewallPolicy { AllowPorts = Enumerable.Range(1, 43).Select(p => PortSpec.Parse((8000 + p).ToString())).ToArray() };
        Assert.Equal(ErrorIds.CloudFirewallTooLarge, Assert.Throws<SwarmToolsException>(() => CloudFirewall.Desired("prod", ports)).ErrorId);
        var ssh = new FirewallPolicy { SshSources = sources.Addresses.ToArray() };
        Assert.Equal(ErrorIds.CloudFirewallTooLarge, Assert.Throws<SwarmToolsException>(() => CloudFirewall.Desired("prod", ssh)).ErrorId);
        // Controls: just under the limits is fine.
        CloudFirewall.Desired("prod", new FirewallPolicy { AllowPorts = ports.AllowPorts.Take(42).ToArray() });
        CloudFirewall.Desired("prod", new FirewallPolicy { SshSources = sources.Addresses.Take(1000).ToArray() });
    }

    [Fact]
    public void The_name_is_one_per_tag_valid_for_DigitalOcean_and_at_most_255_characters()
    {
        var tags = new[] { "prod_a", "prod-a", "prod:a", "prod.ua", "a", new string('x', 255), new string('x', 254) + "y", new string('_', 255), new string('_', 254) + ":" };
        var names = tags.Select(CloudFirewall.NameFor).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.Matches(new Regex(@"^[a-zA-Z0-9][a-zA-Z0-9\.-]+$"), n));
        Assert.All(names, n => Assert.InRange(n.Length, 1, 255));
        Assert.Equal("swarmtools-prod-a", CloudFirewall.NameFor("prod-a")); // unchanged for tags without '_' or ':'
    }

    [Fact]
    public async Task The_swarms_firewall_is_accepted_and_a_rerun_finds_it_unchanged()
    {
        using var api = Sandbox.Client();
        var tag = await NewTagAsync(api);
        var policy = new FirewallPolicy { AllowPorts = new[] { PortSpec.Parse("443") } };
        var made = await CloudFirewall.EnsureAsync(api, tag, policy, _ => Task.FromResult(true), _ => { }, default);
        Assert.NotNull(made);
        try
        {
            Assert.Null(await CloudFirewall.EnsureAsync(api, tag, policy, _ => Task.FromResult(true), _ => { }, default));
            Assert.Single(await api.Firewalls.ListAsync(default), f => f.Tags.Contains(tag));
        }
        finally { await api.Firewalls.DeleteAsync(made!.Id!, default); }
    }

    [Fact]
    public async Task A_firewall_with_the_swarms_name_that_covers_other_tags_is_never_replaced()
    {
        using var api = Sandbox.Client();
        var mine = await NewTagAsync(api);
        var other = await NewTagAsync(api);
        var foreign = await api.Firewalls.CreateAsync(new Firewall
        {
            Name = CloudFirewall.NameFor(mine), Tags = new List<string> { other },
            InboundRules = new List<InboundRule> { new() { Protocol = "tcp", Ports = "80", Sources = Everywhere } },
        }, default);
        try
        {
            var e = await Assert.ThrowsAsync<SwarmToolsException>(() => CloudFirewall.EnsureAsync(api, mine, new FirewallPolicy(), _ => Task.FromResult(true), _ => { }, default));
            Assert.Equal(ErrorIds.CloudFirewallNotOurs, e.ErrorId);
            Assert.Contains(other, e.Message);
            var after = await api.Firewalls.FindAsync(foreign.Id!, default);
            Assert.Equal(new[] { other }, after!.Tags);
            Assert.Equal("80", Assert.Single(after.InboundRules).Ports);
            // Control: once it covers only this swarm's tag, it is the swarm's to update.
            await api.Firewalls.ReplaceAsync(foreign.Id!, new Firewall { Name = foreign.Name, Tags = new List<string> { mine }, InboundRules = foreign.InboundRules }, default);
            Assert.NotNull(await CloudFirewall.EnsureAsync(api, mine, new FirewallPolicy(), _ => Task.FromResult(true), _ => { }, default));
            Assert.Equal(5, (await api.Firewalls.FindAsync(foreign.Id!, default))!.InboundRules.Count);
        }
        finally { await api.Firewalls.DeleteAsync(foreign.Id!, default); }
    }

    [Fact]
    public async Task A_firewall_of_the_module_on_the_tag_under_an_earlier_name_is_taken_over_in_place()
    {
        using var api = Sandbox.Client();
        var tag = await NewTagAsync(api, "fw_a"); // the earlier name turned '_' into '-'
        var earlier = await api.Firewalls.CreateAsync(new Firewall
        {
            Name = "swarmtools-" + tag.Replace('_', '-'), Tags = new List<string> { tag },
            InboundRules = new List<InboundRule> { new() { Protocol = "tcp", Ports = "22", Sources = Everywhere } },
        }, default);
        try
        {
            var updated = await CloudFirewall.EnsureAsync(api, tag, new FirewallPolicy(), _ => Task.FromResult(true), _ => { }, default);
            Assert.Equal(earlier.Id, updated!.Id);
            Assert.Equal(CloudFirewall.NameFor(tag), updated.Name);
            Assert.Single(await api.Firewalls.ListAsync(default), f => f.Tags.Contains(tag));
        }
        finally { await api.Firewalls.DeleteAsync(earlier.Id!, default); }
    }
}
