using SwarmTools.Firewalls;

namespace SwarmTools.Tests.Engine;

/// <summary>The firewall's rules without a host: what a node should have, what changes, what is read back.</summary>
public sealed class FirewallRulesTests
{
    private static readonly string[] Members = { "198.19.16.2", "198.19.16.3", "198.19.16.25" };

    private static HostFirewallState State(string tuples = "", string status = "Status: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)", string policy = "") =>
        HostFirewallState.Parse($"{status}\n@@rules\n{tuples}\n@@policy\n{policy}\n@@docker-user\n@@block\n@@interfaces\neth0 198.18.0.2/17\neth0 198.18.128.2/17\neth1 198.19.16.2/20\n@@client\n198.18.0.1 50000 22\n");

    // The 1-Click image's own rules, as ufw writes them.
    private const string OneClick = """
        ### tuple ### limit tcp 22 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow tcp 2375 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow tcp 2376 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### limit tcp 22 ::/0 any ::/0 in
        ### tuple ### allow tcp 2375 ::/0 any ::/0 in
        ### tuple ### allow tcp 2376 ::/0 any ::/0 in
        """;

    [Fact]
    public void A_manager_allows_2377_7946_and_4789_from_each_member_and_a_worker_no_2377()
    {
        var policy = new FirewallPolicy();
        var manager = FirewallPlan.Wanted(policy, isManager: true, Members, sshLimited: true);
        var worker = FirewallPlan.Wanted(policy, isManager: false, Members, sshLimited: true);

        Assert.Contains(new UfwRule("limit", "tcp", "22", "any"), manager);
        Assert.All(Members, m => Assert.Contains(new UfwRule("allow", "tcp", "2377,7946", m), manager));
        Assert.All(Members, m => Assert.Contains(new UfwRule("allow", "udp", "4789,7946", m), manager));
        Assert.All(Members, m => Assert.Contains(new UfwRule("allow", "tcp", "7946", m), worker));
        Assert.DoesNotContain(worker, r => r.IsOnPort(2377));
        Assert.Equal(1 + 2 * Members.Length, manager.Count); // ssh + two rules a member: never a whole range
        Assert.DoesNotContain(manager, r => r.Source.Contains('/'));
    }

    [Fact]
    public void On_the_1Click_image_the_first_run_adds_members_closes_2375_2376_and_keeps_the_ssh_limit()
    {
        var state = State(OneClick);
        var policy = new FirewallPolicy();
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, Members, state.SshLimited), null);

        Assert.Equal(6, change.Add.Count); // two a member; the image's `limit 22/tcp` is the wanted ssh rule already
        Assert.Equal(new[] { "allow 2375/tcp from Anywhere", "allow 2376/tcp from Anywhere" }, change.Delete.Select(r => r.ToString()));
        Assert.False(change.Enable);
        Assert.False(change.DenyIncoming);
        Assert.NotNull(change.PolicyJson);
        var lines = change.Script().Split('\n').ToList();
        var firstAdd = lines.FindIndex(l => l.StartsWith("allow proto", StringComparison.Ordinal));
        var firstDelete = lines.FindIndex(l => l.StartsWith("delete ", StringComparison.Ordinal));
        Assert.True(firstAdd >= 0 && firstDelete >= 0 && firstAdd < firstDelete, "rules are added before any is deleted");
        Assert.Contains("delete allow proto tcp from any to any port 2375", lines);
    }

    [Fact]
    public void A_rerun_changes_nothing()
    {
        var policy = new FirewallPolicy();
        var before = State(OneClick);
        var first = FirewallChange.Between(before, policy, FirewallPlan.Wanted(policy, true, Members, before.SshLimited), null);
        Assert.False(first.IsEmpty);
        var after = before.After(first);

        var again = FirewallChange.Between(after, policy, FirewallPlan.Wanted(policy, true, Members, after.SshLimited), null);

        Assert.True(again.IsEmpty, string.Join("; ", again.Steps()));
    }

    [Fact]
    public void An_address_is_never_taken_for_another_that_it_starts_with()
    {
        // 198.19.16.25 is allowed; 198.19.16.2 is not: a substring match would skip it.
        var state = State("### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.16.25 in comment=737761726d746f6f6c73");
        var policy = FirewallPolicy.MembersOnly();
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, new[] { "198.19.16.2", "198.19.16.25" }, false), null);
        Assert.Contains(new UfwRule("allow", "tcp", "2377,7946", "198.19.16.2"), change.Add);
        Assert.DoesNotContain(new UfwRule("allow", "tcp", "2377,7946", "198.19.16.25"), change.Add);
    }

    [Fact]
    public void A_member_that_left_is_deleted_but_rules_of_others_are_left_alone()
    {
        const string owned = "comment=737761726d746f6f6c73";
        var state = State($"""
            ### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.16.2 in {owned}
            ### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.16.9 in {owned}
            ### tuple ### allow tcp 8080 0.0.0.0/0 any 0.0.0.0/0 in
            """);
        var policy = FirewallPolicy.MembersOnly();
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, new[] { "198.19.16.2" }, false), null);
        Assert.Equal(new[] { new UfwRule("allow", "tcp", "2377,7946", "198.19.16.9") }, change.Delete);
    }

    [Fact]
    public void Joins_before_any_policy_leave_an_inactive_ufw_alone_and_a_complete_policy_enables_it()
    {
        var inactive = State(status: "Status: inactive");
        var membersOnly = FirewallPolicy.MembersOnly();
        Assert.True(FirewallChange.Between(inactive, membersOnly, FirewallPlan.Wanted(membersOnly, true, Members, false), null).IsEmpty);

        var policy = new FirewallPolicy();
        var change = FirewallChange.Between(inactive, policy, FirewallPlan.Wanted(policy, true, Members, false), null);
        Assert.True(change.Enable);
        Assert.True(change.DenyIncoming);
        Assert.Contains(new UfwRule("allow", "tcp", "22", "any"), change.Add); // no image limit: allow
        Assert.EndsWith("ufw --force enable >/dev/null\n", change.Script());
    }

    [Fact]
    public void Sources_ports_esp_and_anywhere_follow_the_policy()
    {
        var policy = new FirewallPolicy
        {
            SshSources = new[] { FirewallSource.Normalize("203.0.113.0/24") },
            EncryptedOverlay = true,
            AllowPorts = new[] { PortSpec.Parse("80"), PortSpec.Parse("8000-9000/udp") },
        };
        var rules = FirewallPlan.Wanted(policy, false, Members, false);
        Assert.Contains(new UfwRule("allow", "tcp", "22", "203.0.113.0/24"), rules);
        Assert.All(Members, m => Assert.Contains(new UfwRule("allow", "esp", null, m), rules));
        Assert.Contains(new UfwRule("allow", "tcp", "80", "any"), rules);
        Assert.Contains(new UfwRule("allow", "udp", "8000:9000", "any"), rules);

        var seed = new FirewallPolicy { SwarmSources = new[] { FirewallSource.Anywhere } };
        var open = FirewallPlan.Wanted(seed, true, Members, false);
        Assert.Equal(new[] { "allow 22/tcp from Anywhere", "allow 2377,7946/tcp from Anywhere", "allow 4789,7946/udp from Anywhere" }, open.Select(r => r.ToString()));
    }

    [Fact]
    public void Bad_sources_and_ports_are_refused_with_what_to_write()
    {
        foreach (var bad in new[] { "*", "198.19.16.300", "10.0.0.0/33", "host.example", "1.2.3.4; rm -rf /", "" })
            Assert.Equal("InvalidSource", Assert.Throws<SwarmToolsException>(() => FirewallSource.Normalize(bad)).ErrorId);
        foreach (var bad in new[] { "0", "65536", "80/sctp", "9000-8000", "http" })
            Assert.Equal("InvalidPort", Assert.Throws<SwarmToolsException>(() => PortSpec.Parse(bad)).ErrorId);
        Assert.Equal("198.51.100.7", FirewallSource.Normalize("198.51.100.7/32"));
        Assert.Equal("any", FirewallSource.Normalize("Anywhere"));
    }

    [Fact]
    public void A_source_that_shuts_out_this_session_is_recognized()
    {
        var state = State();
        Assert.Equal("198.18.0.1", state.ClientAddress);
        Assert.False(FirewallPlan.LocksOut(new FirewallPolicy(), state));
        Assert.False(FirewallPlan.LocksOut(new FirewallPolicy { SshSources = new[] { "198.18.0.0/17" } }, state));
        Assert.True(FirewallPlan.LocksOut(new FirewallPolicy { SshSources = new[] { "203.0.113.0/24" } }, state));
    }

    [Fact]
    public void Published_ports_are_filtered_on_the_nodes_own_interfaces_only()
    {
        var state = State();
        var interfaces = state.InterfacesOf(new[] { "198.18.0.2", "198.19.16.2" }).ToList();
        Assert.Equal(new[] { "eth0", "eth1" }, interfaces);
        var block = PublishedPortFilter.Block(new FirewallPolicy { AllowPorts = new[] { PortSpec.Parse("80") } }, Members, interfaces)!;
        Assert.Contains("-A DOCKER-USER -s 198.19.16.3 -j RETURN", block);
        Assert.Contains("-A DOCKER-USER -p tcp -m conntrack --ctorigdstport 80 --ctdir ORIGINAL -j RETURN", block);
        Assert.Contains("-A DOCKER-USER -i eth0 -j DROP", block);
        Assert.Null(PublishedPortFilter.Block(new FirewallPolicy { FilterPublishedPorts = false }, Members, interfaces));
    }

    [Fact]
    public void The_policy_kept_on_a_host_reads_back_the_same()
    {
        var policy = new FirewallPolicy { SshSources = new[] { "203.0.113.0/24" }, EncryptedOverlay = true, AllowPorts = new[] { PortSpec.Parse("443") } };
        var back = FirewallPolicy.FromJson(policy.ToJson())!;
        Assert.Equal(policy.ToJson(), back.ToJson());
        Assert.True(back.IsComplete);
        Assert.Null(FirewallPolicy.FromJson("not json"));
        Assert.Null(FirewallPolicy.FromJson(""));
    }
}
