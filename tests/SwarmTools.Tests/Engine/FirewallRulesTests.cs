using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Tests.Engine;

/// <summary>The firewall's rules without a host: what a node should have, what changes, what is read back.</summary>
[Trait("Category", "Unit")]
public sealed class FirewallRulesTests
{
    private static readonly string[] Members = { "198.19.16.2", "198.19.16.3", "198.19.16.25" };

    private static HostFirewallState State(string tuples = "", string status = "Status: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)", string policy = "",
        string dockerUser = "", string chain = "", string block = "", string hook = "") =>
        HostFirewallState.Parse($"{status}\n@@rules\n{tuples}\n@@policy\n{policy}\n@@docker-user\n{dockerUser}\n@@chain\n{chain}\n@@hook\n{hook}\n@@block\n{block}\n@@interfaces\neth0 198.18.0.2/17\neth0 198.18.128.2/17\neth1 198.19.16.2/20\n@@client\n198.18.0.1 50000 22\n");

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
        // The up-front check (every mode) reads the same thing from the session the cmdlet holds.
        Assert.Equal("198.18.0.1", FirewallPlan.ClientAddress("198.18.0.1 50000 22\n"));
        Assert.Null(FirewallPlan.ClientAddress("\n")); // not over SSH: nothing to check against
        Assert.True(FirewallPlan.LocksOut(new FirewallPolicy { SshSources = new[] { "203.0.113.0/24" } }, "198.18.0.1"));
        Assert.False(FirewallPlan.LocksOut(FirewallPolicy.MembersOnly(), "198.18.0.1"));
    }

    [Fact]
    public void Published_ports_are_filtered_on_the_nodes_own_interfaces_only()
    {
        var state = State();
        var interfaces = state.InterfacesOf(new[] { "198.18.0.2", "198.19.16.2" }).ToList();
        Assert.Equal(new[] { "eth0", "eth1" }, interfaces);
        var block = PublishedPortFilter.Block(new FirewallPolicy { AllowPorts = new[] { PortSpec.Parse("80") } }, Members, interfaces)!;
        Assert.Contains("-A swarmtools-published -s 198.19.16.3 -j RETURN", block);
        Assert.Contains("-A swarmtools-published -p tcp -m conntrack --ctorigdstport 80 --ctdir ORIGINAL -j RETURN", block);
        Assert.Contains("-A swarmtools-published -i eth0 -j DROP", block);
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

    // The classic walkthrough's rules, as `ufw allow 2376/tcp` … `ufw allow 4789/udp` write them (no comment), on the 1-Click image.
    private const string Walkthrough = """
        ### tuple ### allow tcp 2376 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow tcp 2377 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow tcp 7946 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow udp 7946 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow udp 4789 0.0.0.0/0 any 0.0.0.0/0 in
        ### tuple ### allow tcp 2377 ::/0 any ::/0 in
        ### tuple ### allow udp 4789 ::/0 any ::/0 in
        """;

    [Fact]
    public void The_walkthroughs_uncommented_swarm_port_rules_are_governed_by_a_policy_and_left_alone_before_one()
    {
        var state = State(OneClick + "\n" + Walkthrough);
        var policy = new FirewallPolicy();
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, Members, state.SshLimited), null);
        Assert.Equal(
            new[] { "allow 2375/tcp from Anywhere", "allow 2376/tcp from Anywhere", "allow 2377/tcp from Anywhere", "allow 7946/tcp from Anywhere", "allow 7946/udp from Anywhere", "allow 4789/udp from Anywhere" },
            change.Delete.Select(r => r.ToString()));
        Assert.Contains("delete allow proto udp from any to any port 4789", change.Script().Split('\n'));
        Assert.Contains("delete allow 4789/udp from Anywhere", change.Steps()); // -WhatIf and verbose name each one
        // Nothing else opens the swarm afterwards: a re-run is empty, and none of the walkthrough's rules is left.
        var after = state.After(change);
        Assert.DoesNotContain(after.Rules, r => !r.IsOwned && (r.IsOnPort(4789) || r.IsOnPort(7946) || r.IsOnPort(2377)));
        Assert.True(FirewallChange.Between(after, policy, FirewallPlan.Wanted(policy, true, Members, after.SshLimited), null).IsEmpty);

        // Joins before any Set-SwarmFirewall (members only) touch only the module's own rules.
        var membersOnly = FirewallPolicy.MembersOnly();
        Assert.Empty(FirewallChange.Between(state, membersOnly, FirewallPlan.Wanted(membersOnly, true, Members, false), null).Delete);
    }

    [Fact]
    public void App_profiles_interface_and_destination_rules_are_read_shown_deleted_by_their_own_spec_and_flagged()
    {
        var state = State("""
            ### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in
            ### tuple ### allow tcp 22 ::/0 any ::/0 OpenSSH - in
            ### tuple ### allow any any 0.0.0.0/0 any 0.0.0.0/0 in_eth1
            ### tuple ### allow tcp 2377 198.18.0.2 any 0.0.0.0/0 in
            ### tuple ### allow any 7946 0.0.0.0/0 any 0.0.0.0/0 in
            ### tuple ### allow tcp 2377 0.0.0.0/0 any 0.0.0.0/0 in_eth1
            ### tuple ### allow tcp 80 0.0.0.0/0 any 0.0.0.0/0 out
            ### tuple ### route:allow tcp 80 0.0.0.0/0 any 0.0.0.0/0 in
            """, policy: new FirewallPolicy { SshSources = new[] { "203.0.113.0/24" } }.ToJson());
        Assert.Equal(new[] { "allow OpenSSH (22/tcp) from Anywhere", "allow any on eth1 from Anywhere", "allow 198.18.0.2 2377/tcp from Anywhere", "allow 7946 from Anywhere", "allow 2377/tcp on eth1 from Anywhere" },
            state.Rules.Select(r => r.ToString())); // outgoing and routed rules are no incoming filters

        var policy = state.Policy!;
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, Members, false), null);
        var script = change.Script().Split('\n');
        // ufw's extended syntax for each shape (checked against ufw 0.36: each deletes the rule it was read from).
        Assert.Contains("delete allow from any to any app 'OpenSSH'", script);
        Assert.Contains("delete allow proto tcp from any to 198.18.0.2 port 2377", script);
        Assert.Contains("delete allow from any to any port 7946", script);
        Assert.Contains("delete allow in on eth1 proto tcp from any to any port 2377", script);
        // `allow in on eth1` names no port: the user's, left alone — but flagged, since it opens the swarm ports to the whole VPC.
        Assert.DoesNotContain(change.Delete, r => r.Interface == "eth1" && r.Ports is null);

        var report = FirewallReport.Of("node1", state).ToDictionary(r => r.To);
        Assert.Contains("22/tcp", report["OpenSSH (22/tcp)"].Overrides);
        Assert.Contains("-SshSource", report["OpenSSH (22/tcp)"].Overrides);
        Assert.Contains("swarm ports", report["any on eth1"].Overrides);
        Assert.Contains("swarm ports", report["7946"].Overrides);
        Assert.Equal("", FirewallReport.Of("node1", State(policy: policy.ToJson(), tuples: "### tuple ### allow tcp 22 0.0.0.0/0 any 203.0.113.0/24 in")).Single().Overrides);
    }

    [Fact]
    public void Without_a_kept_policy_only_what_opens_the_swarm_or_the_docker_api_to_anyone_is_flagged()
    {
        var report = FirewallReport.Of("node1", State(OneClick + "\n" + Walkthrough)).ToList();
        Assert.All(report.Where(r => r.To is "4789/udp" or "7946/udp" or "2377/tcp" or "2376/tcp"), r => Assert.NotEqual("", r.Overrides));
        Assert.Equal("", report.First(r => r.To == "22/tcp").Overrides);
    }

    [Fact]
    public void The_published_port_filter_is_a_chain_of_its_own_reached_by_one_jump_and_docker_user_is_never_emptied()
    {
        var state = State(dockerUser: "-N DOCKER-USER\n-A DOCKER-USER -s 203.0.113.9 -j DROP\n-A DOCKER-USER -j ufw-user-forward\n-A DOCKER-USER -j RETURN");
        var policy = new FirewallPolicy();
        var block = PublishedPortFilter.Block(policy, Members, new[] { "eth0" })!;
        Assert.DoesNotContain("DOCKER-USER", block.Replace(PublishedPortFilter.Begin, ""));
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, Members, false), block);
        var script = change.Script();
        Assert.Contains(":swarmtools-published - [0:0]", script); // the filter's own chain is declared (and so refilled) …
        Assert.DoesNotContain(":DOCKER-USER", script);              // … DOCKER-USER never: declaring it empties it
        Assert.DoesNotContain("-F DOCKER-USER", script);
        Assert.Contains("iptables -C DOCKER-USER -j swarmtools-published 2>/dev/null || iptables -I DOCKER-USER 1 -j swarmtools-published", script);
        Assert.Contains(PublishedPortFilter.Hook, script); // after.init puts the jump back when ufw starts
        // after.rules is checked before anything changes: the check comes before the first ufw rule and the write.
        var check = script.IndexOf("iptables-restore --test -n", StringComparison.Ordinal);
        var firstRule = script.IndexOf("allow proto", StringComparison.Ordinal);
        var write = script.IndexOf(">/etc/ufw/after.rules", StringComparison.Ordinal);
        Assert.True(check >= 0 && firstRule >= 0 && write >= 0, script);
        Assert.True(check < firstRule && check < write, "after.rules is validated before anything is written");

        // What others keep in DOCKER-USER is shown as theirs, and survives the change.
        var after = state.After(change);
        Assert.Contains("-A DOCKER-USER -s 203.0.113.9 -j DROP", after.DockerUserChain);
        Assert.Single(after.DockerUserChain, l => l == PublishedPortFilter.Jump);
        Assert.True(after.PublishedPortBlockLoaded);
        var shown = FirewallReport.Of("node1", after).Where(r => r.Layer == "published").ToList();
        Assert.Contains(shown, r => r.Action == "DROP FWD" && r.From == "203.0.113.9" && r.Comment == "");
        Assert.Contains(shown, r => r.Action == "DROP FWD" && r.From == "Anywhere on eth0" && r.Comment == "swarmtools");

        // Open: only the jump, the chain and the hook go; others' rules stay.
        var open = new FirewallPolicy { FilterPublishedPorts = false };
        var opened = FirewallChange.Between(after, open, FirewallPlan.Wanted(open, true, Members, false), null);
        Assert.True(opened.RemovePublishedPortBlock);
        Assert.Contains("while iptables -D DOCKER-USER -j swarmtools-published 2>/dev/null; do :; done", opened.Script());
        Assert.DoesNotContain(":DOCKER-USER", opened.Script());
        Assert.Contains("-A DOCKER-USER -s 203.0.113.9 -j DROP", after.After(opened).DockerUserChain);
    }

    [Fact]
    public void An_earlier_versions_block_in_docker_user_is_taken_out_rule_by_rule()
    {
        const string legacy = "# BEGIN swarmtools: published container ports (DOCKER-USER)\n*filter\n:DOCKER-USER - [0:0]\n-A DOCKER-USER -s 198.19.16.3 -j RETURN\n-A DOCKER-USER -i eth0 -j DROP\n-A DOCKER-USER -j RETURN\nCOMMIT\n# END swarmtools";
        var state = State(dockerUser: "-N DOCKER-USER\n-A DOCKER-USER -s 198.19.16.3 -j RETURN\n-A DOCKER-USER -i eth0 -j DROP\n-A DOCKER-USER -j RETURN", block: legacy);
        Assert.False(state.PublishedPortBlockLoaded);
        var policy = new FirewallPolicy();
        var change = FirewallChange.Between(state, policy, FirewallPlan.Wanted(policy, true, Members, false), PublishedPortFilter.Block(policy, Members, new[] { "eth0" }));
        var script = change.Script().Split('\n');
        Assert.Contains("iptables -D DOCKER-USER -i eth0 -j DROP 2>/dev/null || true", script);
        Assert.DoesNotContain("iptables -D DOCKER-USER -j RETURN 2>/dev/null || true", script); // Docker's own closing rule stays
    }

    [Fact]
    public void Filtered_never_silently_becomes_unfiltered_and_an_ipv6_source_is_refused_by_the_filter()
    {
        var e = Assert.Throws<SwarmToolsException>(() => PublishedPortFilter.Block(new FirewallPolicy(), Members, Array.Empty<string>(), "node1"));
        Assert.Equal("PublishedPortsNoInterface", e.ErrorId);
        Assert.Contains("node1", e.Message);
        Assert.Null(PublishedPortFilter.Block(new FirewallPolicy { FilterPublishedPorts = false }, Members, Array.Empty<string>(), "node1"));
    }

    [Fact]
    public void The_policy_kept_in_the_swarm_wins_over_a_hosts_own_and_disagreements_are_named()
    {
        var swarm = new FirewallPolicy { SshSources = new[] { "203.0.113.0/24" } }.ToJson();
        var own = new FirewallPolicy().ToJson();
        string Config(string json, int index) => $"{index} \"{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json))}\"";
        // Two configs (a write interrupted before it removed the old one): the newest raft index wins.
        var manager = HostFirewallState.Parse($"Status: active\n@@policy\n{own}\n@@swarm-policy\n{Config(own, 10)}\n{Config(swarm, 42)}\n");
        Assert.Equal(swarm, manager.SwarmPolicyJson);
        Assert.Equal(swarm, manager.KeptPolicy.ToJson());
        var worker = HostFirewallState.Parse($"Status: active\n@@policy\n{own}\n@@swarm-policy\n");
        Assert.Equal(own, worker.KeptPolicy.ToJson()); // a swarm set before the policy was kept in it
        Assert.False(HostFirewallState.Parse("Status: active\n").KeptPolicy.IsComplete); // never set: members only

        var inLine = HostFirewallState.Parse($"Status: active\n@@policy\n{swarm}\n");
        Assert.Equal(new[] { "worker1 keeps a firewall policy that differs from the swarm's: run Set-SwarmFirewall to bring it in line." },
            SwarmTools.Commands.GetSwarmFirewall.PolicyDisagreements(new[] { ("node1", manager), ("node2", inLine), ("worker1", worker) }.Skip(1).Append(("m", HostFirewallState.Parse($"Status: active\n@@policy\n{swarm}\n@@swarm-policy\n{Config(swarm, 42)}\n"))).ToList()).ToArray());
        Assert.Contains("node1 keeps a firewall policy that differs", SwarmTools.Commands.GetSwarmFirewall.PolicyDisagreements(new[] { ("node1", manager) }).Single());
        Assert.Empty(SwarmTools.Commands.GetSwarmFirewall.PolicyDisagreements(new[] { ("worker1", worker), ("worker2", worker) }));

        // Written under a name from its content, the others removed; the policy goes on stdin, never in a command line.
        var write = SwarmPolicyConfig.WriteCommand(swarm);
        Assert.Equal(SwarmPolicyConfig.NameFor(swarm), SwarmPolicyConfig.NameFor(swarm));
        Assert.NotEqual(SwarmPolicyConfig.NameFor(swarm), SwarmPolicyConfig.NameFor(own));
        Assert.Contains($"docker config create --label swarmtools.firewall-policy=1 {SwarmPolicyConfig.NameFor(swarm)} - >/dev/null <<'SWARMTOOLS'\n{swarm}\nSWARMTOOLS", write);
        Assert.Contains("docker config rm", write);
    }
}
