using System.Text.Json.Nodes;
using SwarmTools.Tests.Support;
using SwarmTools.Infrastructure;
using static SwarmTools.Tests.Support.HostProcesses;

namespace SwarmTools.Tests.Lab;

/// <summary>The sandbox process and its lab hosts: Ctrl+C in the user's terminal, Stop-SwarmSandbox, the user's PowerShell exiting, a hung server.</summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class SandboxProcessTests
{
    private static readonly TimeSpan Boot = TimeSpan.FromSeconds(120);

    [SkippableFact]
    public void Ctrl_C_in_the_terminal_leaves_the_sandbox_and_its_hosts_running_and_Stop_or_exit_still_ends_them()
    {
        LabSandbox.StopShared(); // one lab per machine: the terminal's sandbox is it
        var dir = Directory.CreateTempSubdirectory("swarmtools-term-").FullName;
        var key = TestKeys.NewPublicKey();
        var term = new Terminal($"cd '{RepoPaths.Root}' && exec dotnet pwsh -NoProfile -NoLogo");
        var pid = 0;
        try
        {
            term.WaitForScreen("PS ", Boot);

            term.Type($"Import-Module '{RepoPaths.ModuleManifest}'; $sb = Start-SwarmSandbox -BootSeconds 0.5 -SshdDelaySeconds 0 -DockerdDelaySeconds 0; $sb.ProcessId > '{dir}/pid'");
            pid = int.Parse(term.WaitForFile($"{dir}/pid", Boot));
            ExchangeLogs.Started(pid);
            term.Type($"$n = New-SwarmNode -Name cc1 -SshKey '{key}' -WaitFor Active; (Invoke-RestMethod \"$($sb.ApiUrl)_sandbox/droplets\" -Headers @{{ Authorization = \"Bearer $env:DIGITALOCEAN_TOKEN\" }}).droplets[0].lab.netns > '{dir}/netns'");
            var netns = term.WaitForFile($"{dir}/netns", Boot);
            var host = OfBootedHost(netns);

            // A user stops a command with Ctrl+C: the terminal sends SIGINT to its foreground process group.
            term.Type("Start-Sleep 30");
            Thread.Sleep(1500);
            term.CtrlC();
            term.Type($"'back' > '{dir}/back'");
            term.WaitForFile($"{dir}/back", TimeSpan.FromSeconds(20)); // the sleep was stopped: the prompt answers
            Thread.Sleep(1000);

            Assert.True(Alive(pid), "the sandbox died with Ctrl+C");
            Assert.All(host, p => Assert.True(Alive(p), $"host process {p} died with Ctrl+C"));
            term.Type($"(Get-SwarmNode).Name > '{dir}/after'");
            Assert.Equal("cc1", term.WaitForFile($"{dir}/after", TimeSpan.FromSeconds(30)));

            // Stop-SwarmSandbox still ends it, its hosts with it.
            term.Type($"Stop-SwarmSandbox; 'stopped' > '{dir}/stopped'");
            term.WaitForFile($"{dir}/stopped", TimeSpan.FromSeconds(60));
            Assert.False(Alive(pid));
            Assert.All(host, p => Assert.False(Alive(p), $"host process {p} outlived the sandbox"));
            Assert.DoesNotContain(netns, Shell.Run("ip netns list"));

            // So does the user's PowerShell ending.
            term.Type($"$sb = Start-SwarmSandbox -ApiOnly; $sb.ProcessId > '{dir}/pid2'");
            var pid2 = int.Parse(term.WaitForFile($"{dir}/pid2", Boot));
            ExchangeLogs.Started(pid2);
            Assert.True(Alive(pid2));
            term.Type("exit");
            for (var i = 0; i < 300 && Alive(pid2); i++) Thread.Sleep(100);
            Assert.False(Alive(pid2), "the sandbox outlived the PowerShell that started it");
        }
        finally
        {
            term.Dispose(); // its PowerShell ends, and with it a sandbox still running: wait, the next lab needs the gateway
            for (var i = 0; i < 600 && pid > 0 && Alive(pid); i++) Thread.Sleep(100);
        }
    }

    [SkippableFact]
    public async Task A_server_that_does_not_stop_is_killed_with_its_whole_tree_and_its_lab_hosts_removed()
    {
        LabSandbox.StopShared(); // one lab per machine: this test runs its own
        using var server = LabSandbox.Start(); // disposed even when an assertion fails: the next lab needs the gateway
        string netns;
        using (var api = Sandbox.Client(server))
        using (var control = new SandboxControl(server.ApiUrl, server.Token))
        {
            await api.Droplets.CreateAsync(DropletRequests.Create("hung", new[] { "h1" }), default);
            JsonNode? lab = null;
            for (var i = 0; i < 300 && lab?["netns"] is null; i++, await Task.Delay(100))
                lab = (await control.DropletsAsync()).SingleOrDefault()?["lab"];
            netns = (string)lab!["netns"]!;
        }
        var host = OfBootedHost(netns);
        var tree = Shell.Run($"pgrep -s {server.ProcessId} || true").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

        Shell.Run($"kill -STOP {server.ProcessId}"); // hung: it cannot react to its stdin closing
        server.Stop(TimeSpan.FromSeconds(2));

        Assert.False(Alive(server.ProcessId));
        Assert.All(tree, p => Assert.False(Alive(p), $"process {p} of the server's session outlived it"));
        Assert.All(host, p => Assert.False(Alive(p), $"host process {p} outlived the server"));
        Assert.DoesNotContain(netns, Shell.Run("ip netns list"));
    }
}
