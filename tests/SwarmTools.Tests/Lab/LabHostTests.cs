using System.Diagnostics;
using SwarmTools.Tests.Support;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Tests.Lab;

/// <summary>Droplets created with New-SwarmNode boot as real hosts shaped like DigitalOcean droplets.</summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class LabHostTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars(string tag, string knownHosts, object? more = null) =>
        new() { ["tag"] = tag, ["key"] = Key, ["kh"] = knownHosts, ["more"] = more };

    private static string Run(PowerShellSession ps, string nodes, string command, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke($"{nodes} | Invoke-SwarmCommand -KnownHostsFile $kh -Command '{command.Replace("'", "''")}' | Sort-Object Node | ForEach-Object {{ \"$($_.Node)|$($_.ExitCode)|$($_.StandardOutput)$($_.StandardError)\" }}", vars);
        Assert.Empty(r.Errors);
        return string.Join("\n", r.Output.Select(o => o.ToString()));
    }

    [SkippableFact]
    public async Task Three_droplets_boot_as_hosts_reached_with_the_uploaded_key_and_the_pinned_host_key()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var tag = Sandbox.UniqueTag("lab");
        var kh = LabSandbox.NewKnownHosts();
        var vars = Vars(tag, kh);

        var r = ps.Invoke("$global:nodes = New-SwarmNode -Count 3 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh | Sort-Object Name; $nodes", vars);

        Assert.Empty(r.Errors);
        var nodes = r.Output.Select(o => (SwarmNode)o.BaseObject).OrderBy(n => n.Name).ToList();
        Assert.Equal(new[] { "node1", "node2", "node3" }, nodes.Select(n => n.Name));
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n.DockerVersion)));

        // They booted with the key the module generated for their create call (one user_data, one key)...
        var facts = await control.DropletsAsync();
        var labs = nodes.Select(n => facts.Single(d => (long)d!["id"]! == n.Id)!["lab"]!).ToList();
        var shared = Assert.Single(labs.Select(l => (string)l["host_key_fingerprints"]!["ed25519"]!).Distinct());
        // ...and each was then given a key of its own, which is what its sshd serves now.
        Assert.Equal(3, nodes.Select(n => n.HostKeyFingerprint).Distinct().Count());
        Assert.DoesNotContain(shared, nodes.Select(n => n.HostKeyFingerprint));
        foreach (var node in nodes)
            Assert.Contains(node.HostKeyFingerprint!, Shell.Run($"ssh-keyscan -t ed25519 {node.PublicAddress} 2>/dev/null | ssh-keygen -lf -"));
        // known_hosts trusts each node's own key, once, and the shared key nowhere.
        var listed = Shell.Run($"ssh-keygen -lf {kh}");
        Assert.All(nodes, n => Assert.Single(listed.Split('\n'), l => l.Contains(n.HostKeyFingerprint!) && l.Contains(n.PublicAddress!)));
        Assert.DoesNotContain(shared, listed);
        // The shared private key is on no disk of the hosts (cloud-init's copy of user_data included);
        // only /run/lab, the lab's metadata service, still serves it, which also proves the search finds it.
        var needle = File.ReadAllLines(Path.Combine((string)labs[0]["statedir"]!, "ssh_host_ed25519_key"))[2];
        var found = Run(ps, "$nodes", $"grep -rlF -- '{needle}' /etc /var/lib/cloud /root /var/log /tmp 2>/dev/null; echo ==; grep -rlF -- '{needle}' /run/lab", vars);
        Assert.All(nodes, n => Assert.Contains($"{n.Name}|0|==\n/run/lab/", found));

        // known_hosts is OpenSSH's: plain ssh trusts the nodes afterwards, strictly.
        foreach (var node in nodes)
        {
            var ssh = Process.Start(new ProcessStartInfo("ssh", $"-i {Key[..^4]} -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile={kh} root@{node.PublicAddress} hostname")
                { RedirectStandardOutput = true, RedirectStandardError = true })!;
            await ssh.WaitForExitAsync();
            Assert.True(ssh.ExitCode == 0, await ssh.StandardError.ReadToEndAsync());
            Assert.Equal(node.Name, (await ssh.StandardOutput.ReadToEndAsync()).Trim());
        }

        var hostnames = Run(ps, "$nodes", "hostname", vars);
        Assert.All(nodes, n => Assert.Contains($"{n.Name}|0|{n.Name}", hostnames));
        Assert.Contains("status: done", Run(ps, "$nodes[0]", "cloud-init status --wait", vars));

        // The seed's error, exactly: eth0 carries the public and the anchor address.
        var plain = Run(ps, "$nodes[0]", "docker swarm init", vars);
        Assert.Contains("could not choose an IP address to advertise since this system has multiple addresses on interface eth0", plain);
        Assert.Contains($"({nodes[0].PublicAddress} and 198.18.128.", plain);
        var init = Run(ps, "$nodes[0]", $"docker swarm init --advertise-addr {nodes[0].PrivateAddress} && docker swarm leave --force", vars);
        Assert.StartsWith("node1|0|Swarm initialized", init);

        // Docker 1-Click defaults: limit 22, allow 2375 and 2376, deny incoming.
        var ufw = Run(ps, "$nodes[1]", "ufw status verbose", vars);
        Assert.Contains("Status: active", ufw);
        Assert.Contains("Default: deny (incoming)", ufw);
        Assert.Matches(@"22/tcp\s+LIMIT IN\s+Anywhere", ufw);
        Assert.Matches(@"2375/tcp\s+ALLOW IN\s+Anywhere", ufw);
        Assert.Matches(@"2376/tcp\s+ALLOW IN\s+Anywhere", ufw);

        ps.Invoke("$nodes | Remove-SwarmNode -Force -KnownHostsFile $kh", vars);
    }

    [SkippableFact]
    public void A_node_whose_host_key_cannot_be_replaced_is_not_emitted_as_ready()
    {
        using var ps = LabSandbox.Open();
        var kh = LabSandbox.NewKnownHosts();
        var vars = Vars(Sandbox.UniqueTag("lab"), kh);

        // /etc/ssh read-only on the host: the key it booted with (shared by its create call) cannot be replaced.
        var r = ps.Invoke("New-SwarmNode -Name frozen1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh -UserData \"#cloud-config`nruncmd:`n  - mount -o remount,bind,ro /etc/ssh`n\"", vars);

        Assert.Empty(r.Output);
        var error = Assert.Single(r.Errors);
        Assert.Equal("HostKeyRotationFailed,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Contains("frozen1", error.Exception.Message);
        Assert.Contains("Remove-SwarmNode -Id", error.Exception.Message);
        Assert.Equal("", File.Exists(kh) ? File.ReadAllText(kh) : ""); // the shared key is not left trusted for it
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void A_plain_Ubuntu_image_boots_with_ufw_inactive()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(Sandbox.UniqueTag("lab"), LabSandbox.NewKnownHosts());
        var r = ps.Invoke("$global:u = New-SwarmNode -Name plain1 -Image ubuntu-24-04-x64 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh; $u", vars);
        Assert.Empty(r.Errors);
        Assert.Contains("Status: inactive", Run(ps, "$u", "ufw status", vars));
        ps.Invoke("$u | Remove-SwarmNode -Force -KnownHostsFile $kh", vars);
    }

    [SkippableFact]
    public async Task Deleting_a_droplet_removes_its_namespace_and_processes()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var vars = Vars(Sandbox.UniqueTag("lab"), LabSandbox.NewKnownHosts());
        var node = (SwarmNode)ps.Invoke("New-SwarmNode -Name gone1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars).Output.Single().BaseObject;
        var netns = (string)(await control.DropletsAsync()).Single(d => (long)d!["id"]! == node.Id)!["lab"]!["netns"]!;
        Assert.Contains(netns, Shell.Run("ip netns list"));
        var processes = HostProcesses.OfBootedHost(netns); // recorded while the namespace exists: afterwards it cannot list them
        Assert.All(processes, p => Assert.True(HostProcesses.Alive(p)));

        var r = ps.Invoke("$n | Remove-SwarmNode -Force -KnownHostsFile $kh", new(vars) { ["n"] = node });

        Assert.Empty(r.Errors);
        Assert.DoesNotContain(netns, Shell.Run("ip netns list"));
        Assert.DoesNotContain($"/{netns}", Shell.Run("cat /proc/mounts"));
        Assert.All(processes, p => Assert.False(HostProcesses.Alive(p), $"process {p} ({HostProcesses.CommandLine(p)}) outlived its droplet"));
    }

    [SkippableFact]
    public async Task A_deleted_droplet_stays_up_and_listed_until_it_really_goes()
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        using var api = LabSandbox.Client();
        var vars = Vars(Sandbox.UniqueTag("lab"), LabSandbox.NewKnownHosts());
        var node = (SwarmNode)ps.Invoke("New-SwarmNode -Name going1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars).Output.Single().BaseObject;
        var netns = (string)(await control.DropletsAsync()).Single(d => (long)d!["id"]! == node.Id)!["lab"]!["netns"]!;
        var processes = HostProcesses.OfBootedHost(netns);
        await control.FaultAsync(new { kind = "slow-delete", delayMs = 4000, count = 1 });

        await api.Droplets.DeleteAsync(node.Id, default);

        // As on DigitalOcean: after the 204 the droplet is still listed, active, and its host runs.
        Assert.Equal("active", (await api.Droplets.FindAsync(node.Id, default))!.Status);
        Assert.Contains(netns, Shell.Run("ip netns list"));
        Assert.All(processes, p => Assert.True(HostProcesses.Alive(p), $"process {p} went before its droplet"));
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while (await api.Droplets.FindAsync(node.Id, default) != null && DateTime.UtcNow < giveUp) await Task.Delay(250);
        Assert.Null(await api.Droplets.FindAsync(node.Id, default));
        Assert.DoesNotContain(netns, Shell.Run("ip netns list"));
        Assert.All(processes, p => Assert.False(HostProcesses.Alive(p), $"process {p} ({HostProcesses.CommandLine(p)}) outlived its droplet"));
    }

    [SkippableFact]
    public async Task A_rerun_gives_a_node_left_on_the_shared_boot_key_its_own_key()
    {
        // What a run killed after its first SSH connection and before the rotation leaves behind: a
        // droplet of the swarm booted with its create call's shared key, trusted in known_hosts.
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        using var api = LabSandbox.Client();
        var tag = Sandbox.UniqueTag("lab");
        var kh = LabSandbox.NewKnownHosts();
        var line = File.ReadAllText(Key).Trim();
        try { await api.Keys.CreateAsync("lab test", line, default); }
        catch (SwarmTools.Engine.DigitalOcean.DigitalOceanException e) when (e.StatusCode == 422) { } // on the account already
        var shared = SwarmTools.Engine.Ssh.HostKeyPair.GenerateEd25519("shared");
        var request = DropletRequests.Create(tag, new[] { "crashed1" });
        request.SshKeys = new() { SwarmTools.Engine.Ssh.SshPublicKey.Load(Key, Path.GetTempPath()).Md5Fingerprint };
        request.UserData = SwarmTools.Engine.Nodes.HostKeyUserData.With(null, shared);
        var id = (await api.Droplets.CreateAsync(request, default)).Droplets[0].Id;
        var giveUp = DateTime.UtcNow.AddSeconds(60);
        SwarmTools.Engine.DigitalOcean.Models.Droplet? droplet;
        while ((droplet = await api.Droplets.FindAsync(id, default))?.Status != "active" && DateTime.UtcNow < giveUp) await Task.Delay(250);
        new SwarmTools.Engine.Ssh.KnownHostsFile(kh).SetKey(droplet!.PublicIPv4!, SwarmTools.Engine.Ssh.SshHostKey.Parse(shared.PublicKeyLine));
        var vars = new Dictionary<string, object?>(Vars(tag, kh)) { ["id"] = Key[..^4] };
        var before = ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -KnownHostsFile $kh -IdentityFile $id -Command 'cat /etc/ssh/ssh_host_ed25519_key.pub'", vars);
        Assert.Empty(before.Errors); // control: it runs the shared key, trusted
        Assert.Equal(shared.PublicKeyLine.Split(' ')[1], ((SwarmCommandResult)before.Output.Single().BaseObject).StandardOutput.Trim().Split(' ')[1]);

        var r = ps.Invoke("New-SwarmNode -Name crashed1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh -Verbose", vars);

        Assert.Empty(r.Errors);
        var node = (SwarmNode)r.Output.Single().BaseObject;
        Assert.Equal(id, node.Id); // the same droplet, not a duplicate
        Assert.NotEqual(shared.Sha256Fingerprint, node.HostKeyFingerprint);
        var after = ps.Invoke("$n | Invoke-SwarmCommand -KnownHostsFile $kh -IdentityFile $id -Command 'cat /etc/ssh/ssh_host_ed25519_key.pub; grep -c \"PRIVATE KEY\" /var/lib/cloud/instance/user-data.txt || true'", new(vars) { ["n"] = node });
        Assert.Empty(after.Errors);
        var output = ((SwarmCommandResult)after.Output.Single().BaseObject).StandardOutput;
        Assert.DoesNotContain(shared.PublicKeyLine.Split(' ')[1], output);
        Assert.EndsWith("0", output.Trim()); // the shared key's copy is gone from disk
        ps.Invoke("$n | Remove-SwarmNode -Force -DropletOnly", new(vars) { ["n"] = node });
    }

    [SkippableFact]
    public void Ten_hosts_boot_together()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars(Sandbox.UniqueTag("lab"), LabSandbox.NewKnownHosts());
        var r = ps.Invoke("$global:ten = New-SwarmNode -Count 10 -Name ten -SwarmTag $tag -SshKey $key -KnownHostsFile $kh; $ten", vars);
        Assert.Empty(r.Errors);
        Assert.Equal(10, r.Output.Count);
        Assert.All(r.Output, o => Assert.False(string.IsNullOrEmpty(((SwarmNode)o.BaseObject).DockerVersion)));
        var names = Run(ps, "$ten", "hostname", vars);
        Assert.Equal(10, names.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("|0|ten")));
        ps.Invoke("$ten | Remove-SwarmNode -Force -DropletOnly", vars);
    }
}
