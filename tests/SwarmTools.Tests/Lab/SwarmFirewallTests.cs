using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Lab.SwarmFirewallTests;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Set-SwarmFirewall and Get-SwarmFirewall on real hosts: real ufw, real Docker, probed from the
/// test runner (not a member: what the internet sees) and from the members themselves.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(SwarmFirewallTests))]
public sealed partial class SwarmFirewallTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    internal static Dictionary<string, object?> Vars(PowerShellSession ps, string tag)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts(), ["id"] = Key[..^4] };
        ps.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh; '*-Swarm*:SwarmTag' = $tag; 'New-SwarmNode:SshKey' = $key }", vars);
        ps.Invoke("""
            function global:On([string] $Name, [string] $Command) {
                $r = Get-SwarmNode -Tag $tag -Name $Name | Invoke-SwarmCommand -Command $Command
                if ($null -eq $r) { throw "no node $Name" }
                $r
            }
            """, vars);
        return vars;
    }

    internal static SwarmNode Node(PowerShellSession ps, string name, Dictionary<string, object?> vars) =>
        (SwarmNode)ps.Invoke($"Get-SwarmNode -Tag $tag -Name {name}", vars).Output.Single().BaseObject;

    internal static CommandResultView On(PowerShellSession ps, string node, string command, Dictionary<string, object?> vars)
    {
        vars["cmd"] = command;
        var r = ps.Invoke($"On {node} $cmd", vars);
        Assert.Empty(r.Errors);
        var result = (SwarmCommandResult)r.Output.Single().BaseObject;
        return new CommandResultView(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    internal sealed record CommandResultView(int ExitCode, string Output, string Error);

    internal static List<SwarmFirewallRule> Rules(PowerShellSession ps, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke("Get-SwarmFirewall", vars);
        Assert.Empty(r.Errors);
        return r.Output.Select(o => (SwarmFirewallRule)o.BaseObject).ToList();
    }

    internal static string Changes(PowerShellSession.Result r) => string.Join("\n", r.Verbose.Where(v => v.StartsWith("Running on ")));

    /// <summary>A TCP connection from one member to an address:port (bash's /dev/tcp; 3 s).</summary>
    internal static bool MemberReaches(PowerShellSession ps, string from, string address, int port, Dictionary<string, object?> vars) =>
        On(ps, from, $"timeout 3 bash -c '</dev/tcp/{address}/{port}' 2>/dev/null", vars).ExitCode == 0;

    /// <summary>busybox httpd, daemonized: a listener where nothing listens, so a port's firewall can be seen to open and close.</summary>
    internal static void Listen(PowerShellSession ps, string node, int port, Dictionary<string, object?> vars) =>
        Assert.Equal(0, On(ps, node, $"mkdir -p /tmp/www && busybox httpd -p {port} -h /tmp/www", vars).ExitCode);

    [SkippableFact]
    public void The_seed_pipeline_closes_the_swarm_to_everyone_but_its_members_and_keeps_in_step()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fw"));

        // The walkthrough's swarm; the 1-Click image's ufw allows 2375/2376 to anyone: listeners there are reachable.
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 3 | Initialize-Swarm -ManagerCount 3; $swarm", vars);
        Assert.Empty(formed.Errors);
        var workers = ps.Invoke("New-SwarmNode -Name worker -Count 2 | Join-SwarmNode -Swarm $swarm", vars);
        Assert.Empty(workers.Errors);
        var names = new[] { "node1", "node2", "node3", "worker1", "worker2" };
        var nodes = names.ToDictionary(n => n, n => Node(ps, n, vars));
        Listen(ps, "node1", 2375, vars);
        Listen(ps, "node1", 2376, vars);
        Assert.True(Reachability.Tcp(nodes["node1"].PublicAddress!, 2375), "control: the image's ufw lets anyone reach 2375");

        // -WhatIf: each node's changes are listed, nothing changes.
        var whatIf = ps.Invoke("$swarm | Set-SwarmFirewall -WhatIf", vars);
        Assert.Empty(whatIf.Errors);
        Assert.Null(whatIf.Terminating);
        Assert.All(names, n => Assert.Contains(ps.Host.Lines, l => l.Contains($"\"{n}\"") && l.Contains("delete allow 2375/tcp from Anywhere")));
        Assert.True(Reachability.Tcp(nodes["node1"].PublicAddress!, 2375), "-WhatIf changed the firewall");

        var set = ps.Invoke("$swarm | Set-SwarmFirewall -Verbose", vars);
        Assert.Empty(set.Errors);
        Assert.All(names, n => Assert.Contains(set.Verbose, v => v.StartsWith($"Running on {n}: ufw:")));

        // From the runner (not a member): SSH yes; the swarm ports and the Docker API ports no.
        foreach (var node in nodes.Values)
        {
            Assert.True(Reachability.Tcp(node.PublicAddress!, 22), $"22 on {node.Name}");
            foreach (var port in new[] { 2377, 7946, 2375, 2376 })
                Assert.False(Reachability.Tcp(node.PublicAddress!, port), $"{port} on {node.Name} is reachable from a non-member");
        }

        // 2377 is for managers: a member reaches a manager's 2377 but not a worker's, even with something listening there.
        Listen(ps, "worker1", 2377, vars);
        Assert.True(MemberReaches(ps, "node1", nodes["node2"].PrivateAddress!, 2377, vars), "control: a member reaches a manager's 2377");
        Assert.True(MemberReaches(ps, "worker1", "127.0.0.1", 2377, vars), "control: the worker's listener is up");
        Assert.False(MemberReaches(ps, "node1", nodes["worker1"].PrivateAddress!, 2377, vars), "a worker's 2377 is open to members");

        // The rules read back: members' own addresses (never a range), 2377 on managers only.
        var rules = Rules(ps, vars);
        foreach (var name in names)
        {
            var mine = rules.Where(r => r.Node == name && r.Layer == "ufw").ToList();
            Assert.Contains(mine, r => r.To == "22/tcp" && r.Action == "LIMIT IN" && r.From == "Anywhere");
            Assert.DoesNotContain(mine, r => r.To.StartsWith("2375") || r.To.StartsWith("2376"));
            Assert.DoesNotContain(mine, r => r.From.Contains('/'));
            foreach (var member in nodes.Values)
            {
                Assert.Contains(mine, r => r.To == "4789,7946/udp" && r.From == member.PrivateAddress);
                Assert.Contains(mine, r => r.To == (name.StartsWith("node") ? "2377,7946/tcp" : "7946/tcp") && r.From == member.PrivateAddress);
            }
        }
        var view = ps.Invoke("Get-SwarmFirewall | Out-String -Width 200", vars).Output.Single().ToString();
        Assert.Matches(@"NODE\s+TO\s+ACTION\s+FROM\s+COMMENT", view);

        // The swarm stays healthy between members.
        var ls = On(ps, "node1", "docker node ls --format '{{.Hostname}} {{.Status}}'", vars).Output;
        Assert.Equal(5, ls.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.EndsWith(" Ready")));

        // A re-run changes nothing: not one command with a side effect.
        var again = ps.Invoke("$swarm | Set-SwarmFirewall -Verbose", vars);
        Assert.Empty(again.Errors);
        Assert.Equal("", Changes(again));
        Assert.Equal(names.Length, again.Verbose.Count(v => v.EndsWith(": the firewall is as asked already.")));

        // A removed node disappears from every member's rules.
        var removed = ps.Invoke("Get-SwarmNode -Tag $tag -Name worker2 | Remove-SwarmNode -Force -Verbose", vars);
        Assert.Empty(removed.Errors);
        var gone = nodes["worker2"].PrivateAddress!;
        var after = Rules(ps, vars);
        Assert.Equal(4, after.Select(r => r.Node).Distinct().Count());
        Assert.DoesNotContain(after, r => r.From == gone);
        Assert.Contains(after, r => r.From == nodes["worker1"].PrivateAddress);

        // A worker promoted gets 2377; demoted, it loses it again. (Docker needs 2377 back from the test's listener.)
        Assert.Equal(0, On(ps, "worker1", "pkill -f 'httpd -p 2377'", vars).ExitCode);
        var promoted = ps.Invoke("Get-SwarmNode -Tag $tag -Name worker1 | Set-SwarmNode -Role Manager -Force", vars);
        Assert.Empty(promoted.Errors);
        Assert.Contains(Rules(ps, vars), r => r.Node == "worker1" && r.To == "2377,7946/tcp");
        var demoted = ps.Invoke("Get-SwarmNode -Tag $tag -Name worker1 | Set-SwarmNode -Role Worker -Force", vars);
        Assert.Empty(demoted.Errors);
        Assert.DoesNotContain(Rules(ps, vars), r => r.Node == "worker1" && r.To.Contains("2377"));

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }

    /// <summary>An image from this machine's static busybox (no registry is reachable), on every node.</summary>
    internal static void ImportBusybox(PowerShellSession ps, Dictionary<string, object?> vars)
    {
        const string import = "set -e; d=$(mktemp -d); mkdir -p $d/bin $d/tmp; cp \"$(command -v busybox)\" $d/bin/busybox; " +
                              "for a in sh nc httpd echo cat sleep hostname; do ln -s busybox $d/bin/$a; done; " +
                              "tar -C $d -c . | docker import - bb:1 >/dev/null; rm -rf $d";
        vars["cmd"] = import;
        var r = ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd", vars);
        Assert.Empty(r.Errors);
        Assert.All(r.Output, o => Assert.Equal(0, ((SwarmCommandResult)o.BaseObject).ExitCode));
    }

    /// <summary>
    /// A global service on an overlay network (dnsrr: the lab has no IPVS), each task answering its
    /// node's name over TCP. Returns the tasks' overlay addresses once one runs on every node.
    /// </summary>
    private static string[] StartOverlayService(PowerShellSession ps, string manager, string network, int nodes, Dictionary<string, object?> vars)
    {
        Assert.Equal(0, On(ps, manager, $"docker network create -d overlay --attachable {network} >/dev/null", vars).ExitCode);
        var create = On(ps, manager, $"docker service create -d --quiet --name {network}-web --network {network} --endpoint-mode dnsrr --mode global " +
            "--hostname '{{.Node.Hostname}}' --no-resolve-image bb:1 sh -c 'while true; do hostname | nc -l -p 8080; done'", vars);
        Assert.True(create.ExitCode == 0, create.Error);
        var addresses = Array.Empty<string>();
        for (var i = 0; i < 60 && addresses.Length < nodes; i++)
        {
            Thread.Sleep(1000);
            addresses = On(ps, manager, $"docker inspect $(docker service ps -q --filter desired-state=running {network}-web) " +
                "--format '{{if eq .Status.State \"running\"}}{{range .NetworksAttachments}}{{range .Addresses}}{{.}} {{end}}{{end}}{{end}}' 2>/dev/null", vars)
                .Output.Split(new[] { ' ', '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(a => a.Split('/')[0]).Distinct().ToArray();
        }
        Assert.Equal(nodes, addresses.Length);
        return addresses;
    }

    /// <summary>From a container on <paramref name="node"/>, every task asked for its node's name over the overlay (VXLAN over 4789).</summary>
    private static string[] AskOverOverlay(PowerShellSession ps, string node, string network, string[] addresses, Dictionary<string, object?> vars) =>
        On(ps, node, $"docker run --rm --network {network} bb:1 sh -c 'for a in {string.Join(" ", addresses)}; do nc -w 3 $a 8080 </dev/null || echo unreachable:$a; done'", vars)
            .Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).OrderBy(x => x, StringComparer.Ordinal).ToArray();

    /// <summary>Like <see cref="AskOverOverlay"/>, asked again for a while: a new task's overlay peers learn of it through gossip, within seconds.</summary>
    private static string[] AskUntilAllAnswer(PowerShellSession ps, string node, string network, string[] addresses, Dictionary<string, object?> vars)
    {
        var answers = AskOverOverlay(ps, node, network, addresses, vars);
        for (var i = 0; i < 10 && answers.Any(a => a.StartsWith("unreachable:")); i++, Thread.Sleep(1000))
            answers = AskOverOverlay(ps, node, network, addresses, vars);
        return answers;
    }

    [SkippableFact]
    public void On_public_addresses_every_pair_of_members_talks_and_a_node_joined_later_is_admitted_everywhere()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fwpub"));
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 5 -Name pub | Initialize-Swarm -ManagerCount 3 -AdvertiseAddress Public | Set-SwarmFirewall -EncryptedOverlay -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var late = ps.Invoke("New-SwarmNode -Name late -Count 1 | Join-SwarmNode -Swarm $swarm -AdvertiseAddress Public", vars);
        Assert.Empty(late.Errors);
        var names = new[] { "pub1", "pub2", "pub3", "pub4", "pub5", "late1" };
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];

        // Gossip converges: every member Ready, seen from a manager.
        var ready = Array.Empty<string>();
        for (var i = 0; i < 30 && ready.Length < names.Length; i++, Thread.Sleep(1000))
            ready = On(ps, manager, "docker node ls --format '{{.Hostname}} {{.Status}}'", vars).Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith(" Ready")).Select(l => l.Split(' ')[0]).ToArray();
        Assert.Equal(names.OrderBy(n => n), ready.OrderBy(n => n));

        // The late node is allowed on every member, by its public address, and allows them all.
        var lateAddress = Node(ps, "late1", vars).PublicAddress!;
        var rules = Rules(ps, vars);
        Assert.All(names, n => Assert.Contains(rules, r => r.Node == n && r.To == "4789,7946/udp" && r.From == lateAddress));
        Assert.All(names, n => Assert.Contains(rules, r => r.Node == n && r.To == "esp" && r.From == lateAddress)); // the kept policy: -EncryptedOverlay

        // Every pair talks over the overlay, the late node included. (Encrypted overlays cannot be
        // exercised here: this kernel has no ESP, CONFIG_INET_ESP; their ufw rules are checked above.)
        ImportBusybox(ps, vars);
        var tasks = StartOverlayService(ps, manager, "plain", names.Length, vars);
        Assert.All(names, n => Assert.Equal(names.OrderBy(x => x, StringComparer.Ordinal), AskUntilAllAnswer(ps, n, "plain", tasks, vars)));

        // Control: without late1's rule for the manager's VXLAN, the manager no longer reaches late1's task;
        // a re-run of Set-SwarmFirewall (the policy kept on the swarm) puts the rule back.
        var managerAddress = Node(ps, manager, vars).PublicAddress!;
        Assert.Equal(0, On(ps, "late1", $"ufw delete allow proto udp from {managerAddress} to any port 4789,7946", vars).ExitCode);
        Assert.DoesNotContain("late1", AskOverOverlay(ps, manager, "plain", tasks, vars));
        var mended = ps.Invoke("$swarm | Set-SwarmFirewall -EncryptedOverlay -Verbose", vars);
        Assert.Empty(mended.Errors);
        Assert.Equal($"Running on late1: ufw: add allow 4789,7946/udp from {managerAddress}", Assert.Single(mended.Verbose, v => v.StartsWith("Running on ")));
        Assert.Contains("late1", AskUntilAllAnswer(ps, manager, "plain", tasks, vars));

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}

/// <summary>
/// Set-SwarmFirewall's cloud layer and the lock-out check, seen in the request log: beside the other
/// tests that write cloud firewalls, one after another, so each counts its own requests only.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.CloudFirewalls)]
public sealed class SwarmFirewallCloudTests
{
    [SkippableFact]
    public async Task Published_ports_reach_only_members_and_allowed_ports_and_the_cloud_firewall_is_one_per_swarm()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, Sandbox.UniqueTag("fwpubl"));
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name ports | Initialize-Swarm | Set-SwarmFirewall -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var other = manager == "ports1" ? "ports2" : "ports1";
        var target = Node(ps, other, vars);
        ImportBusybox(ps, vars);
        // Two ports published on every node, in host mode (Docker's DNAT: ufw's INPUT rules never see them).
        foreach (var port in new[] { 8081, 8082 })
        {
            var create = On(ps, manager, $"docker service create -d --quiet --name p{port} --mode global --publish mode=host,published={port},target=8080 " +
                "--no-resolve-image bb:1 sh -c 'while true; do hostname | nc -l -p 8080; done'", vars);
            Assert.True(create.ExitCode == 0, create.Error);
        }
        for (var i = 0; i < 60 && !MemberReaches(ps, manager, target.PrivateAddress!, 8082, vars); i++) Thread.Sleep(1000);

        // Filtered (the default): a member reaches them, the runner does not.
        Assert.True(MemberReaches(ps, manager, target.PrivateAddress!, 8081, vars), "a member reaches a published port");
        Assert.False(Reachability.Tcp(target.PublicAddress!, 8081), "a non-member reaches a published port");
        Assert.False(Reachability.Tcp(target.PublicAddress!, 8082), "a non-member reaches a published port");
        Assert.Contains(Rules(ps, vars), r => r.Node == other && r.Layer == "published" && r.Action == "DROP FWD");

        // An allowed port opens to anyone, the other stays closed.
        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -AllowPort 8081", vars).Errors);
        Assert.True(Reachability.Tcp(target.PublicAddress!, 8081), "-AllowPort 8081 did not open the published port");
        Assert.False(Reachability.Tcp(target.PublicAddress!, 8082), "8082 was not allowed");

        // Open: Docker's default, every published port to anyone — and Get-SwarmFirewall says so.
        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -PublishedPorts Open", vars).Errors);
        Assert.True(Reachability.Tcp(target.PublicAddress!, 8082), "-PublishedPorts Open left 8082 closed");
        Assert.Contains(Rules(ps, vars), r => r.Node == other && r.Layer == "published" && r.Action == "ALLOW FWD" && r.From == "Anywhere");

        // Both: one cloud firewall for the swarm tag, in force; a re-run leaves it be; a change updates it in place.
        var mark = await control.MarkAsync();
        var both = ps.Invoke("$swarm | Set-SwarmFirewall -Mode Both", vars);
        Assert.Empty(both.Errors);
        var again = ps.Invoke("$swarm | Set-SwarmFirewall -Mode Both -Verbose", vars);
        Assert.Empty(again.Errors);
        Assert.Equal("", Changes(again));
        var changed = ps.Invoke("$swarm | Set-SwarmFirewall -Mode Both -AllowPort 443", vars);
        Assert.Empty(changed.Errors);
        var calls = (await control.RequestsSinceAsync(mark)).Where(c => c.Path.StartsWith("/v2/firewalls")).ToList();
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/firewalls" && c.Status == 202);
        var put = Assert.Single(calls, c => c.Method == "PUT");
        Assert.Equal(200, put.Status);
        var firewalls = ps.Invoke("Get-SwarmFirewall", vars).Output.Select(o => (SwarmFirewallRule)o.BaseObject).Where(r => r.Layer == "cloud").ToList();
        Assert.Contains(firewalls, r => r.To == "443/tcp" && r.From == "Anywhere");
        Assert.Contains(firewalls, r => r.To == "4789/udp" && r.From == "tag:" + vars["tag"]);
        Assert.All(firewalls, r => Assert.Equal("succeeded", r.Comment));
        Assert.Single(firewalls.Select(r => r.Node).Distinct());

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }

    [SkippableFact]
    public async Task A_source_that_would_shut_out_this_session_is_refused_in_every_mode_before_anything_changes_and_bad_input_changes_nothing()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, Sandbox.UniqueTag("fwlock"));
        ps.Invoke("$global:swarm = New-SwarmNode -Count 1 -Name lock | Initialize-Swarm", vars);
        var mark = await control.MarkAsync();

        var bad = ps.Invoke("$swarm | Set-SwarmFirewall -Source '10.0.0.0/33'", vars);
        Assert.Contains("InvalidSource,SwarmTools.Commands.SetSwarmFirewall", bad.ErrorIds);
        var badPort = ps.Invoke("$swarm | Set-SwarmFirewall -AllowPort http", vars);
        Assert.Contains("InvalidPort,SwarmTools.Commands.SetSwarmFirewall", badPort.ErrorIds);
        var v6 = ps.Invoke("$swarm | Set-SwarmFirewall -Source '2001:db8::/32'", vars);
        Assert.Contains("Ipv6SourceUnsupported,SwarmTools.Commands.SetSwarmFirewall", v6.ErrorIds);
        foreach (var mode in new[] { "Ufw", "Cloud", "Both" })
        {
            // try/catch sees a terminating error only: one refusal for the run, not a per-node error while the rest goes on.
            var locked = ps.Invoke($"try {{ $swarm | Set-SwarmFirewall -Mode {mode} -SshSource 203.0.113.0/24; 'not terminating' }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.Message }}", vars);
            var caught = locked.Output.Select(o => o.ToString()).ToList();
            Assert.Equal("SshSourceExcludesYou,SwarmTools.Commands.SetSwarmFirewall", caught[0]);
            Assert.Contains("198.18.0.1", caught[1]); // the address this session comes from
        }

        // Nothing was changed by any of them: the image's rules are all there, no firewall was sent to the API …
        Assert.Contains(Rules(ps, vars), r => r.To == "2375/tcp");
        Assert.DoesNotContain(Rules(ps, vars), r => r.Layer == "cloud");
        var calls = await control.RequestsSinceAsync(mark);
        Assert.DoesNotContain(calls, c => c.Path.StartsWith("/v2/firewalls") && c.Method != "GET");
        // … while a source that includes this session writes them (the positive control of the scan above).
        var forced = ps.Invoke("$swarm | Set-SwarmFirewall -Mode Both -SshSource 203.0.113.0/24,198.18.0.1", vars);
        Assert.Empty(forced.Errors);
        Assert.Contains(await control.RequestsSinceAsync(mark), c => c.Method == "POST" && c.Path == "/v2/firewalls");
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
