using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Host faults of the fault matrix (docs/reliability.md) that end in an error: the node is named
/// with the step it was stuck at, and its droplet is kept and named (the default) or deleted with
/// -RemoveFailed, never left untold.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class HostFaultTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cloud_init_slower_than_Timeout_is_NodeNotReady_naming_the_step_and_the_droplet_kept_or_removed(bool removeFailed)
    {
        using var ps = LabSandbox.Open();
        using var control = LabSandbox.Control();
        var tag = Sandbox.UniqueTag("ci");
        var name = removeFailed ? "cislowr" : "cislowk";
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["key"] = Key, ["id"] = Key[..^4], ["kh"] = LabSandbox.NewKnownHosts(),
            ["ud"] = "#cloud-config\nruncmd:\n  - sleep 120\n" };

        var r = ps.Invoke($"New-SwarmNode -Name {name} -SwarmTag $tag -SshKey $key -IdentityFile $id -KnownHostsFile $kh -UserData $ud -Timeout 00:00:15 -Verbose{(removeFailed ? " -RemoveFailed" : "")}", vars);

        Assert.Empty(r.Output);
        var error = Assert.Single(r.Errors);
        Assert.Equal("NodeNotReady,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Contains("cloud-init", error.ToString());
        var droplets = (await control.DropletsAsync()).Where(d => d!["tags"]!.AsArray().Any(t => (string?)t == tag)).ToList();
        if (removeFailed)
        {
            Assert.Contains("Its droplet was deleted (-RemoveFailed)", error.ToString());
            Assert.Empty(droplets);
        }
        else
        {
            var id = (long)Assert.Single(droplets)!["id"]!;
            Assert.Contains($"{name} (id {id})", error.ToString());
            Assert.Contains($"Remove-SwarmNode -Id {id} -DropletOnly", error.ToString());
            ps.Invoke($"Remove-SwarmNode -Id {id} -DropletOnly -Force", vars);
        }
    }
}
