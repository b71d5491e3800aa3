using System.Diagnostics;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>Remove-Module closes what the module opened; Import-Module in the same process starts afresh.</summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class ModuleLifecycleTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>This process's established TCP connections to <paramref name="address"/>:22, as the kernel sees them.</summary>
    private static int SshConnectionsTo(string address)
    {
        var ss = Process.Start(new ProcessStartInfo("ss", $"-tnpH state established dst {address}:22") { RedirectStandardOutput = true })!;
        var lines = ss.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ss.WaitForExit();
        return lines.Count(l => l.Contains($"pid={Environment.ProcessId},"));
    }

    [SkippableFact]
    public void Remove_Module_closes_the_SSH_sessions_and_a_new_import_reconnects()
    {
        using var ps = LabSandbox.Open();
        var vars = new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag("life"), ["key"] = Key, ["kh"] = LabSandbox.NewKnownHosts(), ["manifest"] = RepoPaths.ModuleManifest };
        var made = ps.Invoke("$global:n = New-SwarmNode -Name life1 -SwarmTag $tag -SshKey $key -KnownHostsFile $kh; $n", vars);
        Assert.Empty(made.Errors);
        var address = ((SwarmNode)made.Output.Single().BaseObject).PublicAddress!;
        try
        {
            Assert.Equal("0", ps.Invoke("($n | Invoke-SwarmCommand -KnownHostsFile $kh -Command 'true').ExitCode", vars).Output.Single().ToString());
            Assert.True(SshConnectionsTo(address) >= 1, "the module holds a session to the node");

            var removed = ps.Invoke("Remove-Module SwarmTools", vars);
            Assert.Null(removed.Terminating);
            Assert.Empty(removed.Errors);
            Assert.Equal(0, SshConnectionsTo(address));

            var again = ps.Invoke("Import-Module $manifest; ($n | Invoke-SwarmCommand -KnownHostsFile $kh -Command 'hostname').StandardOutput", vars);
            Assert.Empty(again.Errors);
            Assert.Equal("life1", again.Output.Single().ToString().Trim());
            Assert.True(SshConnectionsTo(address) >= 1);
        }
        finally
        {
            ps.Invoke("$n | Remove-SwarmNode -Force -DropletOnly", vars);
        }
    }
}
