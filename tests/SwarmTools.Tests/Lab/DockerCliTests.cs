using System.Diagnostics;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Use-SwarmNode: the test runner's own docker CLI reaches node1's daemon over SSH, trusting only the pinned host key.
/// The nodes run a plain Ubuntu image: its ufw is inactive, so the probes while it boots, the
/// control connection and the CLI's own never meet the 1-Click image's limit of six new SSH
/// connections in 30 seconds, which would make these tests depend on timing.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class DockerCliTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>Runs the docker CLI with this process's environment (what the runspace set), stopped after 60 s.</summary>
    private static (int ExitCode, string Output) Docker(string arguments)
    {
        var start = new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var p = Process.Start(start)!;
        p.StandardInput.Close(); // no terminal: nothing can wait for an answer
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); return (-1, "timed out"); }
        return (p.ExitCode, output.Result + error.Result);
    }

    /// <summary>Docker contexts go to a folder of the test's own (DOCKER_CONFIG), for the module's docker and the test's alike.</summary>
    private sealed class OwnDockerConfig : IDisposable
    {
        private readonly string? _saved = Environment.GetEnvironmentVariable("DOCKER_CONFIG");
        public OwnDockerConfig() => Environment.SetEnvironmentVariable("DOCKER_CONFIG", Directory.CreateTempSubdirectory("swarmtools-docker-").FullName);
        public void Dispose() => Environment.SetEnvironmentVariable("DOCKER_CONFIG", _saved);
    }

    [SkippableFact]
    public void The_docker_CLI_runs_docker_node_ls_on_node1_through_Use_SwarmNode()
    {
        using var ps = LabSandbox.Open();
        using var config = new OwnDockerConfig();
        var vars = new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag("cli"), ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts() };
        var formed = ps.Invoke("$global:n = New-SwarmNode -Name cli1 -Image ubuntu-24-04-x64 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh; $n | Initialize-Swarm -KnownHostsFile $kh", vars);
        Assert.Empty(formed.Errors);
        var address = ((SwarmNode)ps.Invoke("$n", vars).Output.Single().BaseObject).PublicAddress!;
        var before = (Host: Environment.GetEnvironmentVariable("DOCKER_HOST"), Path: Environment.GetEnvironmentVariable("PATH"));
        try
        {
            // Positive control: without the module's ssh settings the CLI cannot reach the node (key and host key unknown to ssh).
            var plain = Docker($"-H ssh://root@{address} node ls");
            Assert.NotEqual(0, plain.ExitCode);

            var used = ps.Invoke("$n | Use-SwarmNode -KnownHostsFile $kh", vars);
            Assert.Empty(used.Errors);
            var endpoint = (DockerEndpoint)used.Output.Single().BaseObject;
            Assert.Equal($"ssh://root@{address}", endpoint.DockerHost);
            Assert.Equal(endpoint.DockerHost, Environment.GetEnvironmentVariable("DOCKER_HOST"));

            var ls = Docker("node ls --format \"{{.Hostname}} {{.ManagerStatus}}\"");
            Assert.True(ls.ExitCode == 0, ls.Output);
            Assert.Equal("cli1 Leader", ls.Output.Trim());

            // Strict checking against the module's known_hosts (the other test proves a different key is refused).
            var hosts = File.ReadAllText(endpoint.SshHostsFile);
            Assert.Contains("StrictHostKeyChecking yes", hosts);
            Assert.Contains($"UserKnownHostsFile {vars["kh"]}", hosts);

            // A named context works the same way.
            var context = ps.Invoke("$n | Use-SwarmNode -KnownHostsFile $kh -ContextName swarmtools-cli1", vars);
            Assert.Empty(context.Errors);
            var viaContext = Docker("--context swarmtools-cli1 node ls --format \"{{.Hostname}}\"");
            Assert.True(viaContext.ExitCode == 0, viaContext.Output);
            Assert.Equal("cli1", viaContext.Output.Trim());

            // -Unset puts the session back as it was.
            Assert.Empty(ps.Invoke("Use-SwarmNode -Unset", vars).Errors);
            Assert.Equal(before.Host, Environment.GetEnvironmentVariable("DOCKER_HOST"));
            Assert.Equal(before.Path, Environment.GetEnvironmentVariable("PATH"));
        }
        finally
        {
            ps.Invoke("Use-SwarmNode -Unset; $n | Remove-SwarmNode -Force -DropletOnly", vars);
        }
    }

    [SkippableFact]
    public void A_tampered_host_key_is_refused_by_the_docker_CLI_too()
    {
        using var ps = LabSandbox.Open();
        using var config = new OwnDockerConfig();
        var kh = LabSandbox.NewKnownHosts();
        var vars = new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag("cli"), ["key"] = Key, ["kh"] = kh };
        Assert.Empty(ps.Invoke("$global:n = New-SwarmNode -Name cli2 -Image ubuntu-24-04-x64 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars).Errors);
        try
        {
            var endpoint = (DockerEndpoint)ps.Invoke("$n | Use-SwarmNode -KnownHostsFile $kh", vars).Output.Single().BaseObject;
            Assert.Equal(0, Docker("info --format \"{{.Name}}\"").ExitCode);
            // Replace the node's recorded key with another one: the CLI's ssh must now refuse, not ask or accept.
            var other = File.ReadAllText(TestKeys.NewPublicKey()).Split(' ');
            var address = endpoint.DockerHost["ssh://root@".Length..];
            File.WriteAllText(kh, $"{address} {other[0]} {other[1]}\n");
            // A connection the CLI's ssh still shares was checked before the change: end it, so the next one is new.
            foreach (var socket in Directory.GetFiles(Path.GetDirectoryName(kh)!, "swarmtools-cm-*")) Process.Start("ssh", $"-S {socket} -O exit x")!.WaitForExit();
            var refused = Docker("info --format \"{{.Name}}\"");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Host key verification failed", refused.Output);
        }
        finally
        {
            ps.Invoke("Use-SwarmNode -Unset; $n | Remove-SwarmNode -Force -DropletOnly", vars);
        }
    }
}
