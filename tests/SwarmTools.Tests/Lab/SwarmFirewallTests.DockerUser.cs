using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Lab.SwarmFirewallTests;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// DOCKER-USER is shared: ufw-docker and users keep rules there. The module's filter lives in a chain of
/// its own behind one jump, so their rules survive every way the filter is rewritten or reloaded.
/// (A reboot comes with the lab's droplet actions: see docs/reliability.md.)
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(SwarmFirewallDockerUserTests))]
public sealed class SwarmFirewallDockerUserTests
{
    private const string TheirRule = "-A DOCKER-USER -s 203.0.113.9/32 -j DROP";

    [SkippableFact]
    public void Rules_others_keep_in_docker_user_survive_set_open_ufw_reload_and_a_dockerd_restart_and_the_filter_holds()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("fwshare"));
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name share | Initialize-Swarm | Set-SwarmFirewall -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var other = manager == "share1" ? "share2" : "share1";
        var target = Node(ps, other, vars);
        ImportBusybox(ps, vars);
        var create = On(ps, manager, "docker service create -d --quiet --name p8081 --mode global --publish mode=host,published=8081,target=8080 " +
            "--no-resolve-image bb:1 sh -c 'while true; do hostname | nc -l -p 8080; done'", vars);
        Assert.True(create.ExitCode == 0, create.Error);
        // The task's nc answers one connection at a time and is started again by its loop: a probe that
        // lands in between is refused, so each side is asked a few times before it counts as shut out.
        bool MemberGetsIn() => Enumerable.Range(0, 5).Any(i => (i == 0 || Sleep()) && MemberReaches(ps, manager, target.PrivateAddress!, 8081, vars));
        bool RunnerGetsIn() => Enumerable.Range(0, 5).Any(i => (i == 0 || Sleep()) && Reachability.Tcp(target.PublicAddress!, 8081));
        static bool Sleep() { Thread.Sleep(300); return true; }
        bool WaitForTask() { for (var i = 0; i < 90 && !MemberGetsIn(); i++) Thread.Sleep(1000); return MemberGetsIn(); }
        Assert.True(WaitForTask(), "control: the published port answers a member");

        // Someone else's rule in DOCKER-USER, as ufw-docker or a user puts it there.
        Assert.Equal(0, On(ps, other, "iptables -I DOCKER-USER -s 203.0.113.9 -j DROP", vars).ExitCode);
        void Holds(string after, bool filtered)
        {
            var chain = On(ps, other, "iptables -S DOCKER-USER", vars).Output.Split('\n');
            Assert.True(chain.Contains(TheirRule), $"after {after}, DOCKER-USER lost the rule someone else put there:\n{string.Join("\n", chain)}");
            Assert.Equal(filtered ? 1 : 0, chain.Count(l => l == "-A DOCKER-USER -j swarmtools-published"));
            Assert.True(filtered != RunnerGetsIn(), $"after {after}, the runner (not a member) {(filtered ? "reaches" : "does not reach")} the published port");
            Assert.True(MemberGetsIn(), $"after {after}, a member no longer reaches the published port");
        }
        Holds("the first Set-SwarmFirewall", filtered: true);

        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -AllowPort 443", vars).Errors); // the filter rewritten
        Holds("a changed filter", filtered: true);
        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall -PublishedPorts Open", vars).Errors);
        Holds("-PublishedPorts Open", filtered: false); // the control: the filter is what closed 8081
        Assert.Empty(ps.Invoke("$swarm | Set-SwarmFirewall", vars).Errors);
        Holds("Filtered again", filtered: true);

        Assert.Equal(0, On(ps, other, "ufw reload", vars).ExitCode);
        Holds("ufw reload", filtered: true);

        // dockerd restarted (its containers stop with it; the swarm starts the task again).
        var restart = On(ps, other, "kill $(pgrep -x dockerd); for i in $(seq 150); do pgrep -x dockerd >/dev/null || break; sleep 0.2; done; " +
            "(setsid dockerd >>/var/log/docker.log 2>&1 </dev/null &); for i in $(seq 300); do docker version >/dev/null 2>&1 && break; sleep 0.2; done; docker version >/dev/null", vars);
        Assert.True(restart.ExitCode == 0, restart.Error);
        Assert.True(WaitForTask(), "the published task came back after the dockerd restart");
        Holds("a dockerd restart", filtered: true);

        // Get-SwarmFirewall shows their rule as theirs beside the module's.
        var published = Rules(ps, vars).Where(r => r.Node == other && r.Layer == "published").ToList();
        Assert.Contains(published, r => r.Action == "DROP FWD" && r.From == "203.0.113.9" && r.Comment == "");
        Assert.Contains(published, r => r.Action == "DROP FWD" && r.From.StartsWith("Anywhere on ") && r.Comment == "swarmtools");

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
