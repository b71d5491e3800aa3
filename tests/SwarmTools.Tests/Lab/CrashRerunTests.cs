using System.Diagnostics;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Lab;

/// <summary>
/// A user's PowerShell can die anywhere (kill -9, a closed laptop, a CI runner timing out). The
/// same line run again must give one firewalled swarm of N Ready nodes, no duplicate droplets,
/// and no node left on its create call's shared boot host key. A child pwsh runs the line and is
/// killed (SIGKILL, its whole tree) when its output shows the point named; then the line runs again.
/// </summary>
[Trait("Category", "Lab")]
[Collection(LabCollection.Name)]
public sealed class CrashRerunTests
{
    private static readonly string Key = TestKeys.NewPublicKey();
    private static int LastExitCode;

    [SkippableTheory]
    [InlineData("creates", "Created droplet", 0)]    // the create answered, nothing connected yet
    [InlineData("readiness", "waiting for SSH", 0)]  // before any node has its own host key
    [InlineData("init", "initialized on", 0)]        // the swarm exists on one node, no join yet
    [InlineData("joins", "joined as", 1)]     // one manager joined, the other not yet
    [InlineData("firewall", "Running on", 2)] // both joined: during the firewall round
    public async Task Killed_during_a_step_the_same_line_run_again_gives_one_firewalled_swarm(string point, string marker, int joinsBefore)
    {
        var tag = Sandbox.UniqueTag("crash");
        var kh = LabSandbox.NewKnownHosts();
        var line = Line(point, tag, kh, Key);

        // Killed at the first line with the marker once that many joins were reported.
        var (killed, firstOutput) = await RunAsync(line, seen => seen[^1].Contains(marker, StringComparison.Ordinal)
                                                                && seen.Count(l => l.Contains("joined as", StringComparison.Ordinal)) >= joinsBefore);
        Assert.True(killed, $"the child was not killed at '{point}' (it ended first):\n{firstOutput}"); // control: the crash happened at that point
        var (_, output) = await RunAsync(line, killAt: null);

        AssertOneFirewalledSwarm(point, tag, kh, Key, firstOutput, output);
    }

    [SkippableFact]
    public async Task Killed_between_a_create_and_its_answer_the_same_line_run_again_verifies_the_nodes_and_gives_them_keys_of_their_own()
    {
        const string point = "answer";
        var tag = Sandbox.UniqueTag("crash");
        var kh = LabSandbox.NewKnownHosts();
        var key = TestKeys.NewPublicKey(); // uploaded by this run: its "Uploaded SSH key" line comes just before the create
        var line = Line(point, tag, kh, key);
        using var control = LabSandbox.Control();
        using var api = LabSandbox.Client();
        try
        {
            // The create takes effect; its answer is held back 30 s, then dropped: the kill lands in between.
            await control.FaultAsync(new { kind = "drop-answer", method = "POST", path = "/v2/droplets" });
            await control.FaultAsync(new { kind = "delay", method = "POST", path = "/v2/droplets", delayMs = 30000 });
            var (killed, firstOutput) = await RunAsync(line, seen => seen[^1].Contains("Uploaded SSH key", StringComparison.Ordinal) && Listed(api, tag, 3));
            Assert.True(killed, $"the child was not killed between the create and its answer:\n{firstOutput}");
            Assert.DoesNotContain("Created droplet", firstOutput); // control: no droplet id reached the killed run
            var (_, output) = await RunAsync(line, killAt: null);

            AssertOneFirewalledSwarm(point, tag, kh, key, firstOutput, output);
        }
        finally
        {
            await control.ClearFaultsAsync(); // never left armed for the next test
        }
    }

    private static string Line(string point, string tag, string kh, string key) =>
        $"New-SwarmNode -Count 3 -Name {point} -SwarmTag {tag} -SshKey '{key}' -KnownHostsFile '{kh}' -Verbose" +
        $" | Initialize-Swarm -ManagerCount 3 -KnownHostsFile '{kh}' -Verbose | Set-SwarmFirewall -KnownHostsFile '{kh}' -Verbose";

    /// <summary>Whether <paramref name="count"/> droplets are listed under the tag within 15 s.</summary>
    private static bool Listed(SwarmTools.Engine.DigitalOcean.DigitalOceanClient api, string tag, int count)
    {
        for (var i = 0; i < 150; i++, Thread.Sleep(100))
            if (api.Droplets.ListByTagAsync(tag, default).GetAwaiter().GetResult().Count >= count) return true;
        return false;
    }

    private static void AssertOneFirewalledSwarm(string point, string tag, string kh, string key, string firstOutput, string output)
    {
        Assert.True(LastExitCode == 0, $"the re-run failed (exit {LastExitCode}):\n{output}\n--- first run:\n{firstOutput}");
        using var ps = LabSandbox.Open();
        var vars = new Dictionary<string, object?> { ["tag"] = tag, ["kh"] = kh, ["id"] = key[..^4] };
        var nodes = ps.Invoke("Get-SwarmNode -Tag $tag", vars).Output.Select(o => (SwarmNode)o.BaseObject).ToList();
        Assert.Equal(new[] { point + "1", point + "2", point + "3" }, nodes.Select(n => n.Name).OrderBy(n => n)); // no duplicate droplets
        // Gossip converges: three managers, each Ready and Leader or Reachable.
        var members = "";
        for (var i = 0; i < 30 && ReadyManagers(members) < 3; i++, Thread.Sleep(1000))
            members = Run(ps, nodes[0], "docker node ls --format '{{.Hostname}} {{.Status}} {{.ManagerStatus}}'", vars);
        Assert.True(ReadyManagers(members) == 3, members + "\n--- first run:\n" + firstOutput + "\n--- re-run:\n" + output);
        foreach (var node in nodes)
        {
            Assert.Contains("Status: active", Run(ps, node, "ufw status", vars));
            Assert.Equal("0", Run(ps, node, "cat /var/lib/cloud/instance/user-data.txt 2>/dev/null | grep -c 'PRIVATE KEY' || true", vars).Trim()); // its own host key, the shared one scrubbed
        }
        ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force", vars);
    }

    private static int ReadyManagers(string members) =>
        members.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains(" Ready ") && (l.TrimEnd().EndsWith("Leader") || l.TrimEnd().EndsWith("Reachable")));

    private static string Run(PowerShellSession ps, SwarmNode node, string command, Dictionary<string, object?> vars)
    {
        var r = ps.Invoke("$n | Invoke-SwarmCommand -KnownHostsFile $kh -IdentityFile $id -Command $c", new(vars) { ["n"] = node, ["c"] = command });
        Assert.Empty(r.Errors);
        return ((SwarmCommandResult)r.Output.Single().BaseObject).StandardOutput;
    }

    /// <summary>Runs the line in a child pwsh; kills it (SIGKILL, whole tree) when <paramref name="killAt"/> is true of its output so far.</summary>
    private static async Task<(bool Killed, string Output)> RunAsync(string line, Func<List<string>, bool>? killAt)
    {
        var script = $"$ErrorActionPreference = 'Stop'; Import-Module '{RepoPaths.ModuleManifest}'; & {{ {line} }} *>&1 | ForEach-Object {{ [Console]::Out.WriteLine(\"$_\"); [Console]::Out.Flush() }}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-Command", script }) start.ArgumentList.Add(arg);
        start.Environment["DIGITALOCEAN_API_URL"] = LabSandbox.Server.ApiUrl.ToString();
        start.Environment["DIGITALOCEAN_TOKEN"] = LabSandbox.Server.Token;
        using var child = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var seen = new List<string>();
        var killed = false;
        var errors = child.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        while (await child.StandardOutput.ReadLineAsync(limit.Token) is { } text)
        {
            output.AppendLine(text);
            seen.Add(text);
            if (killAt != null && killAt(seen))
            {
                child.Kill(entireProcessTree: true);
                killed = true;
                break;
            }
        }
        await child.WaitForExitAsync(limit.Token);
        output.Append(await errors);
        LastExitCode = child.ExitCode;
        return (killed, output.ToString());
    }
}
