using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Host keys on real hosts: a key type that changes under trust on first use, and an address that
/// passes to another droplet. Ubuntu images (ufw inactive): these tests open more connections
/// than a user would, and the module spaces them for the 1-Click ufw limit.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabParallel.Own + nameof(HostKeyTrustTests))]
public sealed class HostKeyTrustTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars() =>
        new() { ["tag"] = Sandbox.UniqueTag("trust"), ["key"] = Key, ["id"] = Key[..^4], ["kh"] = LabSandbox.NewKnownHosts() };

    /// <summary>A known_hosts of its own gives a pool of its own, so the next command makes a fresh, checked connection.</summary>
    private static string CopyOf(string knownHosts)
    {
        var copy = LabSandbox.NewKnownHosts();
        File.Copy(knownHosts, copy);
        return copy;
    }

    [SkippableFact]
    public void A_host_known_by_ed25519_that_offers_only_ecdsa_is_a_mismatch_even_with_TrustOnFirstUse()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars();
        ps.Invoke("$global:n = New-SwarmNode -Name kt1 -Image ubuntu-24-04-x64 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars);
        vars["tofu"] = LabSandbox.NewKnownHosts();
        var first = ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -TrustOnFirstUse -KnownHostsFile $tofu -IdentityFile $id -Command hostname", vars);
        Assert.Empty(first.Errors);
        Assert.Contains("ssh-ed25519", File.ReadAllText((string)vars["tofu"]!)); // recorded on first use

        // The host now has only an ecdsa key (through the node's open, pinned session).
        var swap = ps.Invoke("$n | Invoke-SwarmCommand -KnownHostsFile $kh -Command 'rm -f /etc/ssh/ssh_host_ed25519_key*; ssh-keygen -q -t ecdsa -N \"\" -f /etc/ssh/ssh_host_ecdsa_key && kill -HUP $(cat /run/sshd.pid) && sleep 1'", vars);
        Assert.Equal(0, ((SwarmCommandResult)Assert.Single(swap.Output).BaseObject).ExitCode);
        vars["again"] = CopyOf((string)vars["tofu"]!);
        var before = File.ReadAllText((string)vars["again"]!);

        var r = ps.Invoke("Get-SwarmNode -Tag $tag | Invoke-SwarmCommand -TrustOnFirstUse -KnownHostsFile $again -IdentityFile $id -Command hostname", vars);

        var error = Assert.Single(r.Errors);
        Assert.Equal("HostKeyMismatch,SwarmTools.Commands.InvokeSwarmCommand", error.FullyQualifiedErrorId);
        Assert.Contains("ecdsa-sha2-nistp256", error.Exception.Message);
        Assert.Equal(before, File.ReadAllText((string)vars["again"]!)); // nothing appended
        ps.Invoke("$n | Remove-SwarmNode -Force -DropletOnly", vars);
    }

    [SkippableFact]
    public void An_address_that_passes_to_another_droplet_is_not_held_to_the_old_droplets_pin_and_a_removed_nodes_pin_is_dropped()
    {
        using var ps = LabSandbox.Open();
        var vars = Vars();
        var node = (SwarmNode)ps.Invoke("New-SwarmNode -Name ru1 -Image ubuntu-24-04-x64 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh", vars).Output.Single().BaseObject;
        // A droplet deleted earlier that had the same address, and another key: what a reused address looks like.
        vars["gone"] = new SwarmNode { Name = "gone1", Id = 1, Status = DropletStatus.Active, PublicAddress = node.PublicAddress, HostKeyFingerprint = "SHA256:" + Convert.ToBase64String(new byte[32]).TrimEnd('=') };
        vars["fresh"] = LabSandbox.NewKnownHosts();
        const string Hostname = "Invoke-SwarmCommand -TrustOnFirstUse -KnownHostsFile $fresh -IdentityFile $id -Command hostname";

        var old = ps.Invoke($"$gone | {Hostname}", vars);
        Assert.Equal("HostKeyMismatch,SwarmTools.Commands.InvokeSwarmCommand", Assert.Single(old.Errors).FullyQualifiedErrorId); // its pin holds for it

        var now = ps.Invoke($"Get-SwarmNode -Tag $tag | {Hostname}", vars);
        Assert.Empty(now.Errors);
        Assert.Equal("ru1", ((SwarmCommandResult)Assert.Single(now.Output).BaseObject).StandardOutput.Trim());

        // Removing the old droplet drops its pin: the same droplet object without a pin then connects (same pool, same known_hosts).
        Assert.Single(ps.Invoke($"$gone | {Hostname}", vars).Errors);
        ps.Invoke("$gone | Remove-SwarmNode -Force -DropletOnly", vars);
        vars["unpinned"] = new SwarmNode { Name = "gone1", Id = 1, Status = DropletStatus.Active, PublicAddress = node.PublicAddress };
        var after = ps.Invoke($"$unpinned | {Hostname}", vars);
        Assert.Empty(after.Errors);

        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars);
    }
}
