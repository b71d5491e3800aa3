using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>Keys follow the nodes: a node made with -SshKey X.pub is reached later with X, without -IdentityFile.</summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class NodeKeyTests
{
    [SkippableFact]
    public void A_node_is_reached_with_the_key_it_was_made_with_in_this_session_and_from_another()
    {
        var keys = Directory.CreateTempSubdirectory("swarmtools-opskeys-").FullName;
        var pub = TestKeys.NewPublicKey();
        File.Copy(pub, Path.Combine(keys, "ops.pub"));
        File.Copy(pub[..^4], Path.Combine(keys, "ops"));
        var vars = new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag("keys"), ["key"] = Path.Combine(keys, "ops.pub"), ["kh"] = LabSandbox.NewKnownHosts() };
        using var ps = LabSandbox.Open();
        Assert.Empty(ps.Invoke("New-SwarmNode -Name keyed1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars).Errors);
        try
        {
            // This session: nodes read back carry the key they were made with (the Get-SwarmNode | Initialize-Swarm).
            var here = ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -KnownHostsFile $kh -Command hostname", vars);
            Assert.Empty(here.Errors);
            Assert.Equal("keyed1", ((SwarmCommandResult)here.Output.Single().BaseObject).StandardOutput.Trim());

            // Another session, where the key sits alone in ~/.ssh under another name (and no longer beside the .pub).
            var home = Directory.CreateTempSubdirectory("swarmtools-home-").FullName;
            Directory.CreateDirectory(Path.Combine(home, ".ssh"));
            File.Move(Path.Combine(keys, "ops"), Path.Combine(home, ".ssh", "deploy"));
            var savedHome = Environment.GetEnvironmentVariable("HOME");
            Environment.SetEnvironmentVariable("HOME", home);
            try
            {
                using var other = LabSandbox.Open();
                var there = other.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -KnownHostsFile $kh -Command hostname", vars);
                Assert.Empty(there.Errors);
                Assert.Equal("keyed1", ((SwarmCommandResult)there.Output.Single().BaseObject).StandardOutput.Trim());

                // Without that key the error names the key the node was made with.
                File.Delete(Path.Combine(home, ".ssh", "deploy"));
                var none = other.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -KnownHostsFile $kh -Command hostname", vars);
                Assert.Contains(none.ErrorIds, id => id.StartsWith("SshIdentityNotFound,"));
                Assert.Contains("was created with the SSH key", none.Errors.Single().ToString());
            }
            finally { Environment.SetEnvironmentVariable("HOME", savedHome); }
        }
        finally
        {
            ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
        }
    }
}
