using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// The classic walkthrough's own rules (uncommented `ufw allow` on the swarm ports, from anywhere) on a
/// formed swarm: Set-SwarmFirewall governs them. TCP is probed by connecting; UDP, which answers nothing,
/// by the receiving node's kernel counters — a rule in the security table's INPUT, which runs after the
/// filter table's, counts only what the firewall let in.
/// </summary>
public sealed partial class SwarmFirewallTests
{
    internal const string Runner = "198.18.0.1"; // the lab gateway: where the test runner's packets come from

    /// <summary>Counting rules on <paramref name="node"/> for UDP 4789 and 7946 from each source (no target: they only count).</summary>
    private static void CountUdp(PowerShellSession ps, string node, IEnumerable<string> sources, Dictionary<string, object?> vars) =>
        Assert.Equal(0, On(ps, node, string.Join(" && ", sources.SelectMany(s => new[] { 4789, 7946 }.Select(p => $"iptables -t security -I INPUT -p udp -s {s} --dport {p}"))), vars).ExitCode);

    /// <summary>Packets from <paramref name="source"/> to UDP <paramref name="port"/> that got past the firewall since the counters were zeroed.</summary>
    private static long UdpLetIn(PowerShellSession ps, string node, string source, int port, Dictionary<string, object?> vars)
    {
        var lines = On(ps, node, "iptables -t security -nvxL INPUT", vars).Output.Split('\n');
        var line = Assert.Single(lines, l => l.Contains($" {source} ") && l.Contains($"udp dpt:{port}"));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
    }

    /// <summary>Datagrams to 4789 and 7946 on <paramref name="address"/>, from the runner or (<paramref name="from"/>) from a node.</summary>
    private static void SendSwarmUdp(PowerShellSession ps, string address, Dictionary<string, object?> vars, Func<string, CommandResultView>? from = null)
    {
        foreach (var port in new[] { 4789, 7946 })
            for (var i = 0; i < 3; i++)
                if (from is null) Reachability.SendUdp(address, port);
                else Assert.Equal(0, from($"echo st >/dev/udp/{address}/{port}").ExitCode);
        Thread.Sleep(300);
    }

    [SkippableFact]
    public void The_walkthroughs_open_rules_are_governed_a_non_member_and_a_vpc_neighbour_are_refused_and_overrides_are_flagged()
    {
        using var ps = LabSandbox.Open();
        var tag = Sandbox.UniqueTag("fwwalk");
        var vars = Vars(ps, tag);
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name walk | Initialize-Swarm; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var worker = manager == "walk1" ? "walk2" : "walk1";
        var nodes = new[] { manager, worker }.ToDictionary(n => n, n => Node(ps, n, vars));
        // A droplet in the same VPC that is not a member.
        vars["outTag"] = tag + "-out";
        Assert.Empty(ps.Invoke("New-SwarmNode -Name outsider -Count 1 -SwarmTag $outTag", vars).Errors);
        CommandResultView Outsider(string command)
        {
            vars["cmd"] = command;
            var r = ps.Invoke("Get-SwarmNode -Tag $outTag | Invoke-SwarmCommand -Command $cmd", vars);
            Assert.Empty(r.Errors);
            var result = (SwarmCommandResult)r.Output.Single().BaseObject;
            return new CommandResultView(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        var outsider = (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $outTag", vars).Output.Single().BaseObject;

        // The walkthrough, verbatim, on every member.
        vars["cmd"] = "ufw allow 2376/tcp && ufw allow 2377/tcp && ufw allow 7946/tcp && ufw allow 7946/udp && ufw allow 4789/udp && ufw reload && ufw --force enable";
        var seeded = ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd", vars);
        Assert.Empty(seeded.Errors);
        Assert.All(seeded.Output, o => Assert.Equal(0, ((SwarmCommandResult)o.BaseObject).ExitCode));
        foreach (var n in nodes.Keys)
            CountUdp(ps, n, new[] { Runner, outsider.PrivateAddress!, nodes[n == manager ? worker : manager].PrivateAddress! }, vars);

        // Controls: with the walkthrough's rules, the runner and the VPC neighbour get in, TCP and UDP.
        var target = nodes[manager];
        Assert.True(Reachability.Tcp(target.PublicAddress!, 2377), "control: the walkthrough opens 2377 to anyone");
        Assert.True(Reachability.Tcp(target.PublicAddress!, 7946), "control: the walkthrough opens 7946/tcp to anyone");
        Assert.Equal(0, Outsider($"timeout 3 bash -c '</dev/tcp/{target.PrivateAddress}/2377'").ExitCode);
        SendSwarmUdp(ps, target.PublicAddress!, vars);
        SendSwarmUdp(ps, target.PrivateAddress!, vars, Outsider);
        foreach (var port in new[] { 4789, 7946 })
        {
            Assert.True(UdpLetIn(ps, manager, Runner, port, vars) > 0, $"control: the runner's {port}/udp got in under the walkthrough's rules");
            Assert.True(UdpLetIn(ps, manager, outsider.PrivateAddress!, port, vars) > 0, $"control: the neighbour's {port}/udp got in under the walkthrough's rules");
        }

        // Set-SwarmFirewall names each walkthrough rule it removes.
        var set = ps.Invoke($"$swarm | Set-SwarmFirewall -SshSource {Runner} -Verbose", vars);
        Assert.Empty(set.Errors);
        foreach (var n in nodes.Keys)
        {
            var change = Assert.Single(set.Verbose, v => v.StartsWith($"Running on {n}: ufw:"));
            foreach (var rule in new[] { "2376/tcp", "7946/tcp", "7946/udp", "4789/udp" })
                Assert.Contains($"delete allow {rule} from Anywhere", change);
        }
        Assert.Contains("delete allow 2377/tcp from Anywhere", Assert.Single(set.Verbose, v => v.StartsWith($"Running on {manager}: ufw:")));

        // From the runner and from the VPC neighbour: 2377 and 7946/tcp refused, no UDP let in; a member's still is.
        foreach (var n in nodes.Values)
            foreach (var port in new[] { 2377, 7946 })
                Assert.False(Reachability.Tcp(n.PublicAddress!, port), $"{port}/tcp on {n.Name} is reachable from a non-member");
        Assert.NotEqual(0, Outsider($"timeout 3 bash -c '</dev/tcp/{target.PrivateAddress}/2377'").ExitCode);
        Assert.NotEqual(0, Outsider($"timeout 3 bash -c '</dev/tcp/{target.PrivateAddress}/7946'").ExitCode);
        Assert.Equal(0, On(ps, manager, "iptables -t security -Z INPUT", vars).ExitCode);
        SendSwarmUdp(ps, target.PublicAddress!, vars);
        SendSwarmUdp(ps, target.PrivateAddress!, vars, Outsider);
        SendSwarmUdp(ps, target.PrivateAddress!, vars, c => On(ps, worker, c, vars));
        foreach (var port in new[] { 4789, 7946 })
        {
            Assert.Equal(0, UdpLetIn(ps, manager, Runner, port, vars));
            Assert.Equal(0, UdpLetIn(ps, manager, outsider.PrivateAddress!, port, vars));
            Assert.True(UdpLetIn(ps, manager, nodes[worker].PrivateAddress!, port, vars) > 0, $"control: a member's {port}/udp gets in");
        }
        var rules = Rules(ps, vars);
        Assert.DoesNotContain(rules, r => r.Layer == "ufw" && r.From == "Anywhere" && (r.To.Contains("4789") || r.To.Contains("7946") || r.To.Contains("2377")));
        Assert.All(rules, r => Assert.Equal("", r.Overrides));

        // A rule that overrides the policy afterwards — an app profile opening 22 to everyone — is shown and flagged.
        Assert.Equal(0, On(ps, manager, "ufw allow OpenSSH", vars).ExitCode);
        var flagged = Assert.Single(Rules(ps, vars), r => r.Overrides != "");
        Assert.Equal((manager, "OpenSSH (22/tcp)", "Anywhere"), (flagged.Node, flagged.To, flagged.From));
        Assert.Contains("-SshSource", flagged.Overrides);

        ps.Invoke("Get-SwarmNode -Tag $outTag | Remove-SwarmNode -Force -SwarmTag $outTag", vars);
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
