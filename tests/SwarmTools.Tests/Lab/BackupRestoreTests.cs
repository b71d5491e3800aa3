using SwarmTools.Tests.Support;
using static SwarmTools.Tests.Support.LabSwarm;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Docker's backup procedure end to end on real hosts: a three-manager swarm with a stack of
/// services and a secret is backed up from a follower (quorum kept), the swarm is destroyed (its
/// droplets deleted), and the archive is restored onto a fresh node with --force-new-cluster; the
/// services and the secret are there, and the services converge once new workers join.
/// </summary>
[Trait("Category", "Lab")]
// Alone: it stops and starts a manager's dockerd and waits for the swarm to see it Reachable again (as RebootTests).
[Collection(LabCollection.Name)]
public sealed class BackupRestoreTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>The stack (no IPVS in the lab: dnsrr and host-mode ports); reader uses the secret, made first.</summary>
    private const string Compose = """
        version: "3.8"
        services:
          web:
            image: bb:1
            command: ["sh", "-c", "while true; do hostname | nc -l -p 8080; done"]
            deploy: { replicas: 2, endpoint_mode: dnsrr }
            ports: [{ target: 8080, published: 8085, protocol: tcp, mode: host }]
          agent:
            image: bb:1
            command: ["sleep", "100000"]
            deploy: { mode: global, endpoint_mode: dnsrr }
          reader:
            image: bb:1
            command: ["sleep", "100000"]
            secrets: [bk_secret]
            deploy: { endpoint_mode: dnsrr }
        secrets:
          bk_secret: { external: true }
        """;

    /// <summary>The services' replicas as "name running/desired", from docker service ls on that node.</summary>
    private static Dictionary<string, string> Replicas(PowerShellSession ps, string node, Dictionary<string, object?> vars) =>
        On(ps, node, "docker service ls --format '{{.Name}} {{.Replicas}}'", vars).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).ToDictionary(c => c[0], c => c[1]);

    private static bool Converged(Dictionary<string, string> replicas) =>
        replicas.Count > 0 && replicas.Values.All(r => r.Split('/') is [var running, var desired] && running == desired && running != "0");

    [SkippableFact]
    public void A_backup_from_a_follower_restores_onto_a_fresh_node_and_the_services_converge_when_workers_join()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(ps, Sandbox.UniqueTag("backup"), Key);
        var formed = ps.Invoke("$global:swarm = New-SwarmNode -Count 3 -Name bk | Initialize-Swarm -ManagerCount 3; $swarm", vars);
        Assert.Empty(formed.Errors);
        var swarm = (Swarm)formed.Output.Single().BaseObject;
        Assert.Empty(ps.Invoke("New-SwarmNode -Name bkw1 | Join-SwarmNode -Swarm $swarm", vars).Errors);
        vars["import"] = SwarmSecretTests.ImportBusybox; // not $cmd: On() reuses that one
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -Command $import | Where-Object ExitCode -ne 0", vars).Output);
        var leader = swarm.Leader!;

        // A secret, and a stack of three services, one of which uses it.
        var secret = new System.Security.SecureString();
        foreach (var c in "backup-secret-" + Guid.NewGuid().ToString("N")) secret.AppendChar(c);
        vars["v"] = secret;
        Assert.Empty(ps.Invoke("New-SwarmSecret -Name bk_secret -Value $v", vars).Errors);
        vars["compose"] = Path.Combine(Path.GetTempPath(), "swarmtools-backup-" + Guid.NewGuid().ToString("N") + ".yml");
        File.WriteAllText((string)vars["compose"]!, Compose);
        var deployed = ps.Invoke("Deploy-SwarmStack -Name bk -Path $compose -ResolveImage Never", vars);
        File.Delete((string)vars["compose"]!);
        Assert.Empty(deployed.Errors);
        Assert.Null(deployed.Terminating);
        Assert.True(Converged(Replicas(ps, leader, vars)), "the stack had not converged when Deploy-SwarmStack returned");

        // The backup: a follower pauses, the archive comes back 0600, the follower is Reachable again.
        var file = Path.Combine(Path.GetTempPath(), "swarmtools-backup-" + Guid.NewGuid().ToString("N") + ".tar.gz");
        vars["file"] = file;
        var backup = ps.Invoke("Backup-Swarm -Path $file -Verbose", vars);
        Assert.Empty(backup.Errors);
        Assert.Null(backup.Terminating);
        var taken = (SwarmBackup)backup.Output.Single().BaseObject;
        Assert.NotEqual(leader, taken.Manager);
        Assert.Equal(swarm.ClusterId, taken.ClusterId);
        Assert.False(taken.Autolocked);
        Assert.True(taken.Size > 0 && new FileInfo(file).Length == taken.Size, $"size {taken.Size}, file {new FileInfo(file).Length}");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Steps.InOrder(string.Join("\n", backup.Verbose.Where(v => v.StartsWith($"Running on {taken.Manager}: "))), "stop Docker", "start Docker");
        Assert.DoesNotContain(backup.Verbose, v => v.StartsWith($"Running on {leader}: "));
        var after = (Swarm)ps.Invoke("Get-Swarm", vars).Output.Single().BaseObject;
        Assert.Equal(3, after.Members.Count(m => m.IsManager && m.Status == NodeStatus.Ready && m.ManagerStatus is ManagerStatus.Leader or ManagerStatus.Reachable));
        Assert.Equal(leader, after.Leader); // no election: the leader was never paused

        // A second backup to the same file is refused before anything is stopped.
        var exists = ps.Invoke("Backup-Swarm -Path $file -Verbose", vars);
        Assert.Equal("BackupFileExists,SwarmTools.Commands.BackupSwarm", Assert.Single(exists.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain(exists.Verbose, v => v.Contains("stop Docker"));

        // A fault once Docker is stopped (tar broken on the followers, in each host's own /usr/local/bin):
        // BackupFailed, Docker started again and said so, no file; the swarm sees the manager back.
        var followers = swarm.Managers.Where(m => m != leader).ToList();
        foreach (var f in followers)
            Assert.Equal(0, On(ps, f, "test ! -e /usr/local/bin/tar && printf '#!/bin/sh\\necho tar broken by the test >&2\\nexit 2\\n' > /usr/local/bin/tar && chmod +x /usr/local/bin/tar && ! tar --version", vars).ExitCode);
        vars["broken"] = file + ".broken";
        var failed = ps.Invoke("Backup-Swarm -Path $broken -Verbose", vars);
        foreach (var f in followers) On(ps, f, "rm -f /usr/local/bin/tar", vars);
        var failure = Assert.Single(failed.Errors);
        Assert.Equal("BackupFailed,SwarmTools.Commands.BackupSwarm", failure.FullyQualifiedErrorId);
        Assert.Contains("tar broken by the test", failure.Exception.Message);
        Assert.Contains("Docker was started again", failure.Exception.Message);
        Steps.InOrder(string.Join("\n", failed.Verbose.Where(v => v.StartsWith($"Running on {taken.Manager}: "))), "stop Docker", "start Docker");
        Assert.False(File.Exists(vars["broken"]!.ToString()));
        Assert.Equal(0, On(ps, taken.Manager, "docker info >/dev/null", vars).ExitCode);
        Assert.True(Eventually(() => ((Swarm)ps.Invoke("Get-Swarm", vars).Output.Single().BaseObject).Members
            .Count(m => m.IsManager && m.Status == NodeStatus.Ready && m.ManagerStatus is ManagerStatus.Leader or ManagerStatus.Reachable) == 3, 120), "the manager is not back after the failed backup");

        // The swarm is destroyed: every droplet deleted.
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars).Errors);
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag", vars).Output);

        // Restored onto a fresh node: a new one-manager swarm with the old services and secret.
        var fresh = ps.Invoke("$global:fresh = New-SwarmNode -Name rs1; $fresh | Invoke-SwarmCommand -Command $import | Where-Object ExitCode -ne 0 | ForEach-Object { Write-Error $_.StandardError }; $fresh", vars);
        Assert.Empty(fresh.Errors);
        var node = (SwarmNode)fresh.Output.Single().BaseObject;
        var restored = ps.Invoke("$global:manager = Restore-Swarm -Path $file -InputObject $fresh -Verbose; $manager", vars);
        Assert.Empty(restored.Errors);
        Assert.Null(restored.Terminating);
        var manager = (SwarmNode)restored.Output.Single().BaseObject;
        Assert.Equal(SwarmRole.Manager, manager.Role);
        Assert.Contains(restored.Verbose, v => v.Contains($"--force-new-cluster --advertise-addr '{node.PrivateAddress}'"));
        // Docker keeps the old manager's Raft address (docker/for-linux#523): said, since a manager joining would break quorum.
        var oldAddress = swarm.Nodes.Single(n => n.Name == taken.Manager).PrivateAddress!;
        Assert.Contains(restored.Warnings, w => w.Contains($"Raft address {oldAddress}:2377") && w.Contains("lose its quorum"));
        Assert.Equal(swarm.ClusterId, On(ps, "rs1", "docker info --format '{{.Swarm.Cluster.ID}}'", vars).Output.Trim());
        Assert.Equal(new[] { "bk_agent", "bk_reader", "bk_web" }, Replicas(ps, "rs1", vars).Keys.Order());
        Assert.Equal("bk", ((SwarmStack)Assert.Single(ps.Invoke("Get-SwarmStack -Manager $manager", vars).Output).BaseObject).Name);
        Assert.Equal("bk_secret", On(ps, "rs1", "docker secret ls --format '{{.Name}}'", vars).Output.Trim());
        Assert.Contains("rs1", On(ps, "rs1", "docker node ls --format '{{.Hostname}} {{.ManagerStatus}}' | grep Leader", vars).Output);

        // Restoring onto a node already in a swarm is refused, and changes nothing there.
        var again = ps.Invoke("Restore-Swarm -Path $file -InputObject $manager -Verbose", vars);
        Assert.Equal("RestoreNodeInSwarm,SwarmTools.Commands.RestoreSwarm", Assert.Single(again.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain(again.Verbose, v => v.Contains("stop Docker"));

        // Workers join the restored manager; every service converges on them.
        var joined = ps.Invoke("New-SwarmNode -Count 2 -Name rsw | ForEach-Object { $_ | Invoke-SwarmCommand -Command $import | Where-Object ExitCode -ne 0 | ForEach-Object { Write-Error $_.StandardError }; $_ } | Join-SwarmNode -Manager $manager", vars);
        Assert.Empty(joined.Errors);
        Assert.True(Eventually(() => Converged(Replicas(ps, "rs1", vars)), 180), "the services did not converge after workers joined: " + string.Join(", ", Replicas(ps, "rs1", vars)) + "\n" +
            On(ps, "rs1", "docker node ls; docker service ps --no-trunc --format '{{.Name}} {{.Node}} {{.DesiredState}} {{.CurrentState}} {{.Error}}' $(docker service ls -q)", vars).Output);
        var agents = On(ps, "rs1", "docker service ps bk_agent --filter desired-state=running --format '{{.Node}} {{.CurrentState}}'", vars).Output;
        foreach (var member in new[] { "rs1", "rsw1", "rsw2" })
            Assert.Matches($"(?m)^{member} Running", agents); // global: the manager and both workers run one

        File.Delete(file);
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }
}
