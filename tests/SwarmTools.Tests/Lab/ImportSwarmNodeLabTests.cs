using System.Diagnostics;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// The way out of docker-machine: the walkthrough's swarm, built without the module (droplets from the
/// API with no user data of ours, plain OpenSSH with strict checking off as docker-machine connected, the
/// walkthrough's ufw commands, a docker-machine store), then adopted with Import-SwarmNode.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class ImportSwarmNodeLabTests
{
    private static readonly string MachineKey = TestKeys.NewPublicKey("rsa")[..^4]; // docker-machine made RSA keys
    private static readonly string NewKey = TestKeys.NewPublicKey();

    /// <summary>ssh as docker-machine ran it (no host key check), over one shared connection per node: the 1-Click ufw limits new ones.</summary>
    private static (int ExitCode, string Output) Ssh(string address, string command)
    {
        var control = Path.Combine(Path.GetTempPath(), "st-dm-" + address);
        var start = new ProcessStartInfo("ssh", new[]
        {
            "-i", MachineKey, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", "-o", "ControlMaster=auto", "-o", "ControlPath=" + control, "-o", "ControlPersist=300",
            "root@" + address, command,
        }) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, (output.Result + error.Result).Trim());
    }

    private static string Run(string address, string command)
    {
        var r = Ssh(address, command);
        Assert.True(r.ExitCode == 0, $"{command} on {address}: {r.Output}");
        return r.Output;
    }

    /// <summary>The runner's docker CLI with this process's environment (what Use-SwarmNode set), stopped after 60 s.</summary>
    private static (int ExitCode, string Output) Docker(string arguments)
    {
        var start = new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, output.Result + error.Result);
    }

    /// <summary>sshd comes up after `active`: a few spaced tries (each counts against ufw's limit of 6 per 30 s).</summary>
    private static void WaitForSsh(string address)
    {
        for (var i = 0; i < 4; i++)
        {
            if (Ssh(address, "docker info >/dev/null").ExitCode == 0) return;
            Thread.Sleep(7000);
        }
        Run(address, "docker info >/dev/null");
    }

    [SkippableFact]
    public async Task A_walkthrough_swarm_from_docker_machine_is_adopted_kept_and_closed_to_non_members()
    {
        using var ps = LabSandbox.Open();
        using var api = LabSandbox.Client();
        var tag = Sandbox.UniqueTag("dm");
        var made = Sandbox.UniqueTag("dmmade");
        var key = await api.Keys.CreateAsync(made, File.ReadAllText(MachineKey + ".pub").Trim(), default);
        // docker-machine create --driver digitalocean: droplets with its key, no user data of ours.
        var created = await api.Droplets.CreateAsync(new DropletCreateRequest
        {
            Names = { "node1", "node2", "node3" }, Region = "nyc3", Size = "s-1vcpu-1gb", Image = "docker-24-04",
            SshKeys = { key.Id.ToString() }, Tags = { made },
        }, default);
        List<Droplet> droplets = [];
        for (var i = 0; i < 150; i++)
        {
            droplets = (await api.Droplets.ListByTagAsync(made, default)).OrderBy(d => d.Name).ToList();
            if (droplets.Count == 3 && droplets.All(d => d.IsActive)) break;
            await Task.Delay(200);
        }
        Assert.Equal(3, droplets.Count(d => d.IsActive));
        var ip = droplets.ToDictionary(d => d.Name, d => d.PublicIPv4!);
        var vpc = droplets.ToDictionary(d => d.Name, d => d.PrivateIPv4!);
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["kh"] = LabSandbox.NewKnownHosts(), ["key"] = NewKey };
        try
        {
            // The walkthrough with plain OpenSSH: its ufw commands on every node (the 1-Click ufw lets no swarm port in), then init, join, promote.
            foreach (var n in ip.Keys) WaitForSsh(ip[n]);
            foreach (var n in ip.Keys)
                Run(ip[n], "ufw allow 22/tcp && ufw allow 2376/tcp && ufw allow 2377/tcp && ufw allow 7946/tcp && ufw allow 7946/udp && ufw allow 4789/udp && ufw reload && ufw --force enable");
            Run(ip["node1"], $"docker swarm init --advertise-addr {vpc["node1"]}");
            var token = Run(ip["node1"], "docker swarm join-token -q worker");
            foreach (var n in new[] { "node2", "node3" }) Run(ip[n], $"docker swarm join --advertise-addr {vpc[n]} --token {token} {vpc["node1"]}:2377");
            Run(ip["node1"], "docker node promote $(docker node ls -q --filter role=worker)");
            var cluster = Run(ip["node1"], "docker info --format '{{.Swarm.Cluster.ID}}'");
            // Where docker-machine's TLS engine listened (docker-machine env): a listener on 2376 on node1.
            Run(ip["node1"], "mkdir -p /tmp/www && busybox httpd -p 2376 -h /tmp/www");
            Assert.True(Reachability.Tcp(ip["node1"], 2376), "control: the walkthrough's rules open 2376 to anyone");
            Assert.True(Reachability.Tcp(ip["node1"], 2377), "control: the walkthrough's rules open 2377 to anyone");
            Assert.True(Reachability.Tcp(ip["node1"], 7946), "control: the walkthrough's rules open 7946 to anyone");

            var store = new DockerMachineFiles();
            foreach (var d in droplets) store.Add(d.Name, d.Id, ip[d.Name], MachineKey);
            vars["store"] = store.Store;

            // A host key other than the one expected is refused, and that node is neither tagged nor recorded.
            vars["kh2"] = LabSandbox.NewKnownHosts();
            var wrong = ps.Invoke("Import-SwarmNode -MachineStoragePath $store -DockerMachine node1 -SwarmTag $tag -KnownHostsFile $kh2 " +
                                  "-HostKeyFingerprint @{ node1 = 'SHA256:1VEVuGm6yC5ymQ4bqkqWdH5Wvbb0TvC4o6VwH4oBk8s' }", vars);
            Assert.Contains("HostKeyMismatch,SwarmTools.Commands.ImportSwarmNode", wrong.ErrorIds);
            Assert.Empty(wrong.Output);
            Assert.DoesNotContain(tag, (await api.Droplets.FindAsync(droplets[0].Id, default))!.Tags);
            Assert.False(File.Exists((string)vars["kh2"]!) && File.ReadAllText((string)vars["kh2"]!).Contains(ip["node1"] + " "), "the refused key was recorded");

            var imported = ps.Invoke("$global:nodes = Import-SwarmNode -MachineStoragePath $store -DockerMachine node1,node2,node3 -TrustOnFirstUse -SwarmTag $tag -KnownHostsFile $kh; " +
                                     "$nodes | Set-SwarmFirewall -SwarmTag $tag -KnownHostsFile $kh -PassThru", vars);
            Assert.Empty(imported.Errors);
            Assert.DoesNotContain(DockerMachineFiles.Token, imported.AllText);
            // Each fingerprint was shown, and is the one recorded in known_hosts.
            var nodes = ps.Invoke("$nodes", vars).Output.Select(o => (SwarmNode)o.BaseObject).ToList();
            Assert.Equal(new[] { "node1", "node2", "node3" }, nodes.Select(n => n.Name));
            var hosts = File.ReadAllText((string)vars["kh"]!);
            foreach (var n in nodes)
            {
                Assert.StartsWith("SHA256:", n.HostKeyFingerprint);
                Assert.Contains(imported.Warnings, w => w.Contains(n.Name) && w.Contains(n.HostKeyFingerprint!));
                Assert.Contains(n.PublicAddress + " ", hosts);
                Assert.Contains(tag, n.Tags);
                Assert.Contains(n.Tags, t => t.StartsWith("swarmtools-key:"));
            }

            // The swarm they had: same cluster, three managers.
            var swarm = (Swarm)Assert.Single(imported.Output).BaseObject;
            Assert.Equal(cluster, swarm.ClusterId);
            Assert.Equal(3, swarm.Managers.Length);
            // 2376 was closed, and each node said it ends docker-machine env, with the way to keep it.
            foreach (var n in ip.Keys)
                Assert.Contains(imported.Warnings, w => w.StartsWith(n + " came from docker-machine") && w.Contains("docker-machine env " + n) && w.Contains("Use-SwarmNode") && w.Contains("-AllowPort 2376/tcp"));
            // Closed to a non-member (the runner), and the swarm still healthy between members.
            foreach (var n in ip.Keys)
                foreach (var port in new[] { 2377, 7946, 2376 })
                    Assert.False(Reachability.Tcp(ip[n], port), $"{port}/tcp on {n} is reachable from a non-member");
            Assert.Equal(3, Run(ip["node1"], "docker node ls --format '{{.Status}} {{.ManagerStatus}}'").Split('\n').Count(l => l.StartsWith("Ready ") && l.Length > 6));

            // -AllowPort 2376/tcp keeps it: open again, and nothing to warn of.
            var kept = ps.Invoke("$nodes | Set-SwarmFirewall -SwarmTag $tag -KnownHostsFile $kh -AllowPort 2376/tcp", vars);
            Assert.Empty(kept.Errors);
            Assert.DoesNotContain(kept.Warnings, w => w.Contains("docker-machine env"));
            Assert.True(Reachability.Tcp(ip["node1"], 2376), "-AllowPort 2376/tcp did not open 2376 again");

            // Use-SwarmNode: the docker CLI reaches node1 with the key recorded and the host key pinned (strict checking).
            var saved = (Host: Environment.GetEnvironmentVariable("DOCKER_HOST"), Config: Environment.GetEnvironmentVariable("DOCKER_CONFIG"));
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", Directory.CreateTempSubdirectory("swarmtools-docker-").FullName);
            try
            {
                var used = ps.Invoke("Get-SwarmNode -Tag $tag -Name node1 | Use-SwarmNode -KnownHostsFile $kh", vars);
                Assert.Empty(used.Errors);
                var endpoint = (DockerEndpoint)used.Output.Single().BaseObject;
                Assert.Contains("StrictHostKeyChecking yes", File.ReadAllText(endpoint.SshHostsFile));
                var ls = Docker("node ls -q");
                Assert.True(ls.ExitCode == 0, ls.Output);
                Assert.Equal(3, ls.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
                ps.Invoke("Use-SwarmNode -Unset", vars);
            }
            finally
            {
                Environment.SetEnvironmentVariable("DOCKER_HOST", saved.Host);
                Environment.SetEnvironmentVariable("DOCKER_CONFIG", saved.Config);
            }

            // A later session finds the key by its tag; Initialize-Swarm changes nothing on three managers.
            var again = ps.Invoke("$global:swarm = Get-SwarmNode -Tag $tag | Initialize-Swarm -ManagerCount 3 -SwarmTag $tag -KnownHostsFile $kh -Verbose; $swarm", vars);
            Assert.Empty(again.Errors);
            Assert.Equal(cluster, ((Swarm)again.Output.Single().BaseObject).ClusterId);
            Assert.Contains(again.Verbose, v => v.Length > 0); // control: it reported what it did
            Assert.DoesNotContain(again.Verbose, v => v.StartsWith("Running on ") && (v.Contains("swarm init") || v.Contains("swarm join") || v.Contains("node promote")));

            // A fourth node made with New-SwarmNode joins that swarm.
            var joined = ps.Invoke("New-SwarmNode -Name node4 -SshKey $key -SwarmTag $tag -KnownHostsFile $kh | Join-SwarmNode -Swarm $swarm -SwarmTag $tag -KnownHostsFile $kh", vars);
            Assert.True(joined.Errors.Count == 0, string.Join("\n", joined.Errors));
            Assert.Equal(4, Run(ip["node1"], "docker node ls -q").Split('\n').Length);
            Assert.Equal(cluster, Run(ip["node1"], "docker info --format '{{.Swarm.Cluster.ID}}'"));
        }
        finally
        {
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly -SwarmTag $tag", vars);
            foreach (var d in await api.Droplets.ListByTagAsync(made, default)) await Sandbox.DeleteOnceCreatedAsync(api, d.Id);
            await api.Keys.DeleteAsync(key.Id.ToString(), default);
        }
    }
}
