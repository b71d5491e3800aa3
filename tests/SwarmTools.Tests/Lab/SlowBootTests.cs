using System.Diagnostics;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// Boots that take their time, step after step, as real droplets' do. The lab to itself: it runs a
/// slow lab of its own in place of the shared one.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class SlowBootTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>
    /// Real droplets take minutes: active after a while, SSH well after that, Docker later, and
    /// cloud-init done last. Here the same order, scaled to seconds, against the module's default
    /// timeouts: each node goes through every step in order, in the progress the user sees.
    /// </summary>
    [SkippableFact]
    public void Staggered_boots_like_real_droplets_show_each_step_and_fit_the_default_timeouts()
    {
        LabSandbox.StopShared(); // one lab per machine: this one boots slowly
        using var server = Sandbox.Start(new SandboxLaunchOptions
        {
            ApiOnly = false, BootSeconds = 8, SshdDelaySeconds = 12, DockerdDelaySeconds = 6, DropletLimit = 10, RatePerMinute = 100000,
        });
        try
        {
            using var ps = new PowerShellSession();
            var vars = LabSwarm.Vars(ps, Sandbox.UniqueTag("slowboot"), Key);
            vars["more"] = "#cloud-config\nruncmd:\n  - sleep 5\n";
            vars["url"] = server.ApiUrl.ToString();
            vars["token"] = server.Token;
            var clock = Stopwatch.StartNew();

            var r = ps.Invoke("$env:DIGITALOCEAN_API_URL = $url; $env:DIGITALOCEAN_TOKEN = $token; " +
                              "New-SwarmNode -Count 2 -Name boot -SwarmTag $tag -SshKey $key -UserData $more -Verbose", vars);

            Assert.Empty(r.Errors);
            Assert.Equal(2, r.Output.Count);
            Assert.True(clock.Elapsed > TimeSpan.FromSeconds(8 + 12 + 6 + 5), $"the delays were in force ({clock.Elapsed})");
            foreach (var name in new[] { "boot1", "boot2" })
            {
                var steps = new[] { "(new)", "waiting for SSH", "waiting for cloud-init", "waiting for Docker", "ready (Docker" };
                var seen = steps.Select(step => r.Progress.FindIndex(p => step == "(new)" ? p.Contains($"{name} (new)") : p.StartsWith(name + " ") && p.Contains(step))).ToList();
                Assert.True(seen.All(i => i >= 0), $"{name}: steps seen at {string.Join(",", seen)} in:\n{string.Join("\n", r.Progress)}");
                Assert.Equal(seen.OrderBy(i => i), seen);
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", null); // the next test's Open() points it again
        }
    }
}
