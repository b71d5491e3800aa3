using System.Diagnostics;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>A crashed sandbox leaves hosts behind; the next one clears them, and a clean stop leaves nothing.</summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class LabRecoveryTests
{
    [SkippableFact]
    public async Task A_new_sandbox_clears_what_a_killed_one_left_and_a_stop_leaves_nothing()
    {
        LabSandbox.StopShared(); // one lab per machine: this test runs its own
        var crashed = LabSandbox.Start();
        string[] leftovers;
        using (var api = Sandbox.Client(crashed))
        {
            await api.Droplets.CreateAsync(DropletRequests.Create("crash", new[] { "c1", "c2" }), default);
            using var control = new SandboxControl(crashed.ApiUrl, crashed.Token);
            for (var i = 0; i < 100 && (await api.Droplets.ListByTagAsync("crash", default)).Any(d => !d.IsActive); i++) await Task.Delay(200);
            leftovers = (await control.DropletsAsync()).Select(d => (string)d!["lab"]!["netns"]!).ToArray();
        }
        Assert.Equal(2, leftovers.Length);
        Assert.All(leftovers, ns => Assert.Contains(ns, Shell("ip netns list")));

        Process.GetProcessById(crashed.ProcessId).Kill(); // no cleanup: what a crash leaves
        await Task.Delay(500);
        Assert.All(leftovers, ns => Assert.Contains(ns, Shell("ip netns list")));

        using (LabSandbox.Start())
            Assert.All(leftovers, ns => Assert.DoesNotContain(ns, Shell("ip netns list")));

        // Stopped cleanly: no lab namespace, bridge or host process remains.
        Assert.DoesNotContain("swl-", Shell("ip netns list"));
        Assert.DoesNotContain("swl", Shell("ip -o link show type bridge"));
        Assert.DoesNotContain("lab.sh _boot", Shell("ps -eo args"));
    }

    private static string Shell(string command)
    {
        using var p = Process.Start(new ProcessStartInfo("bash", new[] { "-c", command }) { RedirectStandardOutput = true })!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }
}
