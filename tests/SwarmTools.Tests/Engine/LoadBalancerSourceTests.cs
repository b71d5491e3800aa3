using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Tests.Engine;

/// <summary>
/// -FromLoadBalancer in the policy: the cloud firewall names the load balancer (load_balancer_uids), the hosts admit its
/// VPC's range (ufw and the published-ports chain), and until that range is known the port is open to nobody, never to all.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LoadBalancerSourceTests
{
    private const string Lb = "4de7ac8b-495b-4884-9a69-1050c6793cd6";
    private const string VpcRange = "10.116.0.0/20";
    private static readonly string[] Members = { "10.116.0.2", "10.116.0.3" };

    private static FirewallPolicy Policy(IReadOnlyList<string>? from = null, bool resolved = true) => new()
    {
        AllowPorts = new[] { PortSpec.Parse("80/tcp") },
        AllowPortSources = from,
        LoadBalancers = new[] { Lb },
        LoadBalancerRanges = resolved ? new[] { VpcRange } : Array.Empty<string>(),
    };

    [Fact]
    public void The_cloud_rule_names_the_load_balancer_and_no_address_unless_from_adds_some()
    {
        static InboundRule Rule(FirewallPolicy p) => CloudFirewall.Desired("swarm", p).InboundRules.Single(r => r.Ports == "80");

        var alone = Rule(Policy());
        Assert.Equal(new[] { Lb }, alone.Sources.LoadBalancerUids);
        Assert.Null(alone.Sources.Addresses); // not anywhere, not the VPC range: the load balancer itself
        var with = Rule(Policy(new[] { "203.0.113.0/24" }));
        Assert.Equal(new[] { Lb }, with.Sources.LoadBalancerUids);
        Assert.Equal(new[] { "203.0.113.0/24" }, with.Sources.Addresses);
        Assert.Null(Rule(new FirewallPolicy { AllowPorts = new[] { PortSpec.Parse("80/tcp") } }).Sources.LoadBalancerUids); // the control
    }

    [Fact]
    public void Get_SwarmFirewall_shows_the_load_balancer_as_the_cloud_rules_source()
    {
        var shown = FirewallReport.Of(CloudFirewall.Desired("swarm", Policy(new[] { "203.0.113.0/24" }))).Single(r => r.To == "80/tcp");
        Assert.Equal("203.0.113.0/24, load-balancer:" + Lb, shown.From);
    }

    [Fact]
    public void The_hosts_admit_the_VPC_range_on_the_port_in_ufw_and_the_published_ports_chain()
    {
        var rules = FirewallPlan.Wanted(Policy(), isManager: true, Members, sshLimited: false);
        Assert.Contains(new UfwRule("allow", "tcp", "80", VpcRange), rules);
        Assert.DoesNotContain(rules, r => r.IsOnPort(80) && r.Source == FirewallSource.Anywhere);
        Assert.Single(rules, r => r.IsOnPort(80));

        var block = PublishedPortFilter.Block(Policy(), Members, new[] { "eth0", "eth1" })!;
        Assert.Contains($"-A swarmtools-published -s {VpcRange} -p tcp -m conntrack --ctorigdstport 80 --ctdir ORIGINAL -j RETURN\n", block);
        Assert.DoesNotContain("-A swarmtools-published -p tcp -m conntrack --ctorigdstport 80", block);
    }

    [Fact]
    public void A_load_balancer_whose_range_is_not_known_opens_the_port_to_nobody_and_from_anywhere_still_means_anywhere()
    {
        var rules = FirewallPlan.Wanted(Policy(resolved: false), isManager: true, Members, sshLimited: false);
        Assert.DoesNotContain(rules, r => r.IsOnPort(80));
        Assert.Equal(new[] { FirewallSource.Anywhere }, Policy(new[] { FirewallSource.Anywhere }).AllowPortsFrom);
        Assert.Equal(new[] { "203.0.113.7", VpcRange }, Policy(new[] { "203.0.113.7" }).AllowPortsFrom);
    }

    [Fact]
    public void The_load_balancer_and_its_range_are_kept_in_the_policy_and_a_policy_without_them_writes_as_before()
    {
        var back = FirewallPolicy.FromJson(Policy().ToJson())!;
        Assert.Equal(new[] { Lb }, back.LoadBalancers);
        Assert.Equal(new[] { VpcRange }, back.LoadBalancerRanges);
        Assert.Equal(Policy().ToJson(), back.ToJson());
        Assert.DoesNotContain("LoadBalancer", new FirewallPolicy { AllowPorts = new[] { PortSpec.Parse("80/tcp") } }.ToJson());
    }

    [Theory]
    [InlineData("4DE7AC8B-495B-4884-9A69-1050C6793CD6", Lb)]
    [InlineData(" " + Lb + " ", Lb)]
    public void An_id_is_spelled_as_DigitalOcean_does(string given, string expected) =>
        Assert.Equal(expected, LoadBalancerSources.NormalizeId(given));

    [Fact]
    public void What_is_no_id_is_refused_before_anything_is_read() =>
        Assert.Equal(ErrorIds.LoadBalancerNotFound, Assert.Throws<SwarmToolsException>(() => LoadBalancerSources.NormalizeId("lb:web")).ErrorId);
}
