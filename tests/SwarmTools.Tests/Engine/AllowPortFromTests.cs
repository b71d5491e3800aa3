using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Tests.Engine;

/// <summary>-AllowPort … -From: the allowed ports scoped to sources, in ufw, the published-ports chain and the cloud firewall.</summary>
[Trait("Category", "Unit")]
public sealed class AllowPortFromTests
{
    private static readonly string[] Members = { "198.19.16.2", "198.19.16.3" };
    private static readonly string[] From = { "203.0.113.0/24", "198.51.100.7" };

    private static FirewallPolicy Policy(IReadOnlyList<string>? from) =>
        new() { AllowPorts = new[] { PortSpec.Parse("8080/tcp"), PortSpec.Parse("53/udp") }, AllowPortSources = from };

    [Fact]
    public void Ufw_allows_each_port_from_each_source_and_from_anywhere_without_from()
    {
        var scoped = FirewallPlan.Wanted(Policy(From), isManager: true, Members, sshLimited: false);
        var open = FirewallPlan.Wanted(Policy(null), isManager: true, Members, sshLimited: false);

        Assert.Contains(new UfwRule("allow", "tcp", "8080", "203.0.113.0/24"), scoped);
        Assert.Contains(new UfwRule("allow", "tcp", "8080", "198.51.100.7"), scoped);
        Assert.Contains(new UfwRule("allow", "udp", "53", "198.51.100.7"), scoped);
        Assert.DoesNotContain(scoped, r => r.IsOnPort(8080) && r.Source == FirewallSource.Anywhere);
        Assert.Equal(4, scoped.Count(r => r.IsOnPort(8080) || r.IsOnPort(53)));
        // The control: without -From the same ports are open to anyone.
        Assert.Contains(new UfwRule("allow", "tcp", "8080", FirewallSource.Anywhere), open);
    }

    [Fact]
    public void The_published_ports_chain_returns_the_port_only_from_the_sources()
    {
        var scoped = PublishedPortFilter.Block(Policy(From), Members, new[] { "eth0" })!;
        var open = PublishedPortFilter.Block(Policy(null), Members, new[] { "eth0" })!;

        Assert.Contains("-A swarmtools-published -s 203.0.113.0/24 -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j RETURN\n", scoped);
        Assert.Contains("-A swarmtools-published -s 198.51.100.7 -p udp -m conntrack --ctorigdstport 53 --ctdir ORIGINAL -j RETURN\n", scoped);
        Assert.DoesNotContain("-A swarmtools-published -p tcp -m conntrack --ctorigdstport 8080", scoped);
        Assert.Contains("-A swarmtools-published -p tcp -m conntrack --ctorigdstport 8080 --ctdir ORIGINAL -j RETURN\n", open); // the control
        Assert.True(scoped.IndexOf("--ctorigdstport 8080", StringComparison.Ordinal) < scoped.IndexOf("-i eth0 -j DROP", StringComparison.Ordinal), "returns before the drop");
    }

    [Fact]
    public void The_cloud_firewalls_rule_names_the_sources_and_anywhere_without_from()
    {
        static InboundRule Rule(FirewallPolicy p) => CloudFirewall.Desired("swarm", p).InboundRules.Single(r => r.Protocol == "tcp" && r.Ports == "8080");

        Assert.Equal(From, Rule(Policy(From)).Sources.Addresses);
        Assert.Equal(new[] { "0.0.0.0/0", "::/0" }, Rule(Policy(null)).Sources.Addresses);
    }

    [Fact]
    public void The_sources_are_kept_in_the_policy_and_a_policy_without_them_reads_and_writes_as_before()
    {
        var back = FirewallPolicy.FromJson(Policy(From).ToJson())!;
        Assert.Equal(From, back.AllowPortSources);
        Assert.Equal(Policy(From).ToJson(), back.ToJson());

        // Written by a version before -From: it reads (anywhere), and writes back the same, so its config name does not change.
        const string older = """{"SshSources":["any"],"SwarmSources":null,"EncryptedOverlay":false,"AllowPorts":["8080/tcp"],"FilterPublishedPorts":true}""";
        var old = FirewallPolicy.FromJson(older)!;
        Assert.Null(old.AllowPortSources);
        Assert.Equal(new[] { FirewallSource.Anywhere }, old.AllowPortsFrom);
        Assert.Equal(older, old.ToJson());
        Assert.DoesNotContain("AllowPortSources", new FirewallPolicy().ToJson());
    }

    [Fact]
    public void A_rerun_with_from_changes_nothing()
    {
        var policy = Policy(From);
        var before = HostFirewallState.Parse("Status: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)\n@@rules\n\n@@policy\n\n@@docker-user\n\n@@chain\n\n@@hook\n\n@@block\n\n@@interfaces\neth0 198.18.0.2/17\n@@client\n198.18.0.1 50000 22\n");
        var first = FirewallChange.Between(before, policy, FirewallPlan.Wanted(policy, true, Members, before.SshLimited), null);
        Assert.Contains(first.Add, r => r.Source == "198.51.100.7" && r.IsOnPort(8080));
        var after = before.After(first);

        var again = FirewallChange.Between(after, policy, FirewallPlan.Wanted(policy, true, Members, after.SshLimited), null);

        Assert.True(again.IsEmpty, string.Join("; ", again.Steps()));
    }
}
