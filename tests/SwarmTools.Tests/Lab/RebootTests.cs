using System.Text.Json;
using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// A reboot through the API (POST /v2/droplets/{id}/actions): the lab host goes down and boots
/// again from its own disks, ufw first, then sshd and dockerd, cloud-init not run again. The node
/// comes back Ready in its swarm, and its firewall holds as before — and again after a ufw reload
/// and a dockerd restart: probed from the test runner (not a member) and from a member, each with
/// a control.
/// </summary>
[Trait("Category", "Lab")]
// Alone: it kills and restarts a node's dockerd and waits for the swarm to see it Ready again, which four
// lab tests at once on two cores slowed past its bound once (a full run, 2026-12-06).
[Collection(LabCollection.Name)]
public sealed class RebootTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [SkippableFact]
    public async Task A_rebooted_node_comes_back_Ready_in_its_swarm_with_its_firewall_as_before()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("reboot"), Key);
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 2 -Name rb | Initialize-Swarm | Set-SwarmFirewall -PassThru; $swarm", vars);
        Assert.Empty(formed.Errors);
        var manager = ((Swarm)formed.Output.Single().BaseObject).Managers[0];
        var worker = manager == "rb1" ? "rb2" : "rb1";
        var target = (SwarmNode)ps.Invoke("Get-SwarmNode -Tag $tag -Name " + worker, vars).Output.Single().BaseObject;
        const string import = "set -e; d=$(mktemp -d); mkdir -p $d/bin; cp \"$(command -v busybox)\" $d/bin/busybox; " +
                              "for a in sh nc hostname; do ln -s busybox $d/bin/$a; done; tar -C $d -c . | docker import - bb:1 >/dev/null; rm -rf $d";
        vars["cmd"] = import;
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $cmd", vars).Errors);
        Assert.Equal(0, On(ps, manager, "docker service create -d --quiet --name rb8083 --mode global --publish mode=host,published=8083,target=8080 " +
            "--no-resolve-image bb:1 sh -c 'while true; do hostname | nc -l -p 8080; done'", vars).ExitCode);

        void FirewallHolds(string when)
        {
            // Members reach the swarm port and the published port; the runner (a non-member) reaches neither, but reaches 22 (the control).
            Assert.True(Eventually(() => Reaches(ps, manager, target.PrivateAddress!, 8083, vars), 60), $"{when}: a member does not reach the published port");
            Assert.True(Reaches(ps, manager, target.PrivateAddress!, 7946, vars), $"{when}: a member does not reach 7946");
            Assert.True(Reachability.Tcp(target.PublicAddress!, 22), $"{when}: 22 is closed to the runner (the control)");
            Assert.False(Reachability.Tcp(target.PublicAddress!, 8083), $"{when}: a non-member reaches the published port");
            Assert.False(Reachability.Tcp(target.PublicAddress!, 7946), $"{when}: a non-member reaches 7946");
        }
        FirewallHolds("before the reboot");
        var rulesBefore = On(ps, worker, "ufw status numbered; iptables -S DOCKER-USER", vars).Output;

        // The reboot, through the API, as any DigitalOcean client asks for it.
        using var api = new HttpClient { BaseAddress = LabSandbox.Server.ApiUrl };
        api.DefaultRequestHeaders.Authorization = new("Bearer", LabSandbox.Server.Token);
        var posted = await api.PostAsync($"v2/droplets/{target.Id}/actions", new StringContent("""{"type":"reboot"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)posted.StatusCode);
        var actionId = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement.GetProperty("action").GetProperty("id").GetInt64();
        string ActionStatus() => JsonDocument.Parse(api.GetStringAsync($"v2/actions/{actionId}").GetAwaiter().GetResult()).RootElement.GetProperty("action").GetProperty("status").GetString()!;
        Assert.True(Eventually(() => ActionStatus() == "completed", 60), "the reboot action did not complete");
        Assert.True(Eventually(() => Reachability.Tcp(target.PublicAddress!, 22), 30), "sshd did not come back");

        // Booted again in order, from its own disks: ufw before sshd and dockerd; cloud-init not run again.
        var boot = On(ps, worker, "cat /run/lab/lab/boot.log", vars).Output;
        var again = boot.IndexOf("again", StringComparison.Ordinal);
        Assert.True(again > 0, "the host was not booted again:\n" + boot);
        var after = boot[again..];
        var ufw = after.IndexOf("namespaces ready (ufw: ENABLED=yes)", StringComparison.Ordinal);
        var sshd = after.IndexOf("sshd started", StringComparison.Ordinal);
        var dockerd = after.IndexOf("dockerd started", StringComparison.Ordinal);
        Assert.True(ufw > 0 && sshd > 0 && dockerd > 0, "a step of the second boot is missing:\n" + after);
        Assert.True(ufw < sshd && sshd < dockerd, "the second boot is out of order:\n" + after);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(boot, "boot finished: done")); // runcmd and the rest of cloud-init: once
        Assert.Contains("done", On(ps, worker, "cloud-init status", vars).Output);

        // Back in the swarm, Ready; the firewall as before.
        Assert.True(Eventually(() => On(ps, manager, $"docker node inspect {worker} --format '{{{{.Status.State}}}}'", vars).Output.Trim() == "ready", 120),
            "the rebooted node is not Ready in the swarm");
        FirewallHolds("after the reboot");
        Assert.Equal(rulesBefore, On(ps, worker, "ufw status numbered; iptables -S DOCKER-USER", vars).Output);

        // ufw reload (it rebuilds its chains and reloads after.rules) changes nothing either.
        Assert.Equal(0, On(ps, worker, "ufw reload >/dev/null", vars).ExitCode);
        FirewallHolds("after ufw reload");
        Assert.Equal(rulesBefore, On(ps, worker, "ufw status numbered; iptables -S DOCKER-USER", vars).Output);

        // A dockerd restart (Docker re-creates its chains; DOCKER-USER keeps what ufw put there).
        // The module's own stop and start (Backup-Swarm's): the stop waits until the old dockerd is gone (it
        // stops its containers first, 10 s for one that ignores SIGTERM), so the new one never races it.
        Assert.Equal(0, On(ps, worker, SwarmTools.Engine.Backup.DockerDaemon.Stop + "\n" + SwarmTools.Engine.Backup.DockerDaemon.Start, vars).ExitCode);
        Assert.True(Eventually(() => On(ps, manager, $"docker node inspect {worker} --format '{{{{.Status.State}}}}'", vars).Output.Trim() == "ready", 120),
            "the node is not Ready after a dockerd restart. The manager sees:\n" + On(ps, manager, "docker node ls", vars).Output +
            $"\n{worker} says:\n" + On(ps, worker, "docker info --format '{{.Swarm.LocalNodeState}} {{.Swarm.Error}}'; pgrep -a dockerd; tail -n 40 /var/log/docker.log", vars).Output);
        FirewallHolds("after a dockerd restart");
        Assert.Equal(rulesBefore, On(ps, worker, "ufw status numbered; iptables -S DOCKER-USER", vars).Output);

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }
}
