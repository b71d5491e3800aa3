using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Hosts as unkind as real droplets: cloud-init that ends with recoverable errors (exit 2), a
/// swarm join slower than Docker's 20 s, and the user's own user data beside the pinned host key.
/// (Boots that take their time: <see cref="SlowBootTests"/>.)
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(UnkindDropletTests))]
public sealed class UnkindDropletTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars(PowerShellSession ps, string tag, object? more = null)
    {
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts(), ["id"] = Key[..^4], ["more"] = more };
        ps.Invoke("$global:PSDefaultParameterValues = @{ '*-Swarm*:IdentityFile' = $id; '*-Swarm*:KnownHostsFile' = $kh }", vars);
        return vars;
    }

    private static string Run(PowerShellSession ps, string nodes, string command, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke($"{nodes} | Invoke-SwarmCommand -Command '{command.Replace("'", "''")}' | ForEach-Object {{ \"$($_.ExitCode)|$($_.StandardOutput)$($_.StandardError)\" }}", vars);
        Assert.Empty(r.Errors);
        return string.Join("\n", r.Output.Select(o => o.ToString()));
    }

    [SkippableFact]
    public async Task Cloud_init_that_ends_with_recoverable_errors_exit_2_still_gives_a_ready_node()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, Sandbox.UniqueTag("deg"));
        await control.FaultAsync(new { kind = "cloud-init-degraded", name = "degraded1", count = 1 });

        var r = ps.Invoke("$global:d = New-SwarmNode -Name degraded1 -SwarmTag $tag -SshKey $key -Verbose; $d", vars);

        Assert.Empty(r.Errors);
        Assert.False(string.IsNullOrEmpty(((SwarmNode)Assert.Single(r.Output).BaseObject).DockerVersion));
        Assert.Contains(r.Verbose, v => v.Contains("cloud-init finished with recoverable errors"));
        // The host really answered 2: what cloud-init 23.4+ says for "degraded done".
        var status = Run(ps, "$d", "cloud-init status --wait --long; echo exit=$?", vars);
        Assert.Contains("extended_status: degraded done", status);
        Assert.Contains("exit=2", status);
        ps.Invoke("$d | Remove-SwarmNode -DropletOnly -Force", vars);
    }

    [SkippableFact]
    public async Task A_manager_join_slower_than_20_s_is_waited_for_confirmed_and_reported_once_done()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, Sandbox.UniqueTag("slow"));
        await control.FaultAsync(new { kind = "slow-join", name = "slow3", delayMs = 24000, count = 1 });

        // In name order, so slow3 joins last (nodes come out of New-SwarmNode as they are ready).
        var r = ps.Invoke("$global:s = New-SwarmNode -Count 3 -Name slow -SwarmTag $tag -SshKey $key | Sort-Object Name | Initialize-Swarm -ManagerCount 3 -Verbose; $s", vars);

        Assert.Empty(r.Errors);
        var swarm = (Swarm)Assert.Single(r.Output).BaseObject;
        Assert.Equal(3, swarm.Managers.Length);
        // Docker answered slow3's join with its 503 "Timeout was reached before node joined"...
        Assert.Contains(r.Verbose, v => v.Contains("slow3 takes longer than 20 s to join"));
        // ...and slow3 was reported joined only once a manager saw it reachable.
        var said = r.Verbose.FindIndex(v => v.Contains("slow3 takes longer than 20 s"));
        var joined = r.Verbose.FindIndex(v => v.Contains("slow3 joined as manager"));
        Assert.True(joined > said, "joined is reported after the wait");
        var ls = Run(ps, "($s.Nodes | Where-Object Name -eq slow1)", "docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'", vars);
        Assert.Contains("slow3 Ready Reachable", ls);
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -DropletOnly -Force", vars);
    }

    [SkippableTheory]
    [InlineData("script", "#!/bin/sh\necho from-user-data > /root/marker\n")]
    [InlineData("cloud-config", "#cloud-config\npackage_update: false\nruncmd:\n  - echo from-user-data > /root/marker\n")]
    public async Task The_users_own_user_data_runs_and_the_pinned_host_key_is_applied(string kind, string userData)
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(ps, Sandbox.UniqueTag("ud"), userData);

        var r = ps.Invoke($"$global:u = New-SwarmNode -Name ud{kind.Length} -SwarmTag $tag -SshKey $key -UserData $more; $u", vars);

        Assert.Empty(r.Errors);
        var node = (SwarmNode)Assert.Single(r.Output).BaseObject;
        var lab = (await control.DropletsAsync()).Single(d => (long)d!["id"]! == node.Id)!["lab"]!;
        // It booted with the key the module generated (a host without it fails the first, pinned
        // connection: no node, an error), then was given a key of its own, which its sshd serves now.
        Assert.NotEqual((string)lab["host_key_fingerprints"]!["ed25519"]!, node.HostKeyFingerprint);
        Assert.Contains(node.HostKeyFingerprint!, Shell.Run($"ssh-keyscan -t ed25519 {node.PublicAddress} 2>/dev/null | ssh-keygen -lf -"));
        Assert.Equal("0|from-user-data", Run(ps, "$u", "cat /root/marker", vars).Trim());
        ps.Invoke("$u | Remove-SwarmNode -DropletOnly -Force", vars);
    }
}
