using System.Management.Automation;
using System.Text.Json.Nodes;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// The API faults of the fault matrix (docs/reliability.md), through New-SwarmNode against the
/// sandbox: each ends in success after a retry, or in an error with a stable id that names what
/// failed and what was left behind — never a duplicate droplet, never an untold orphan. Failed
/// droplets are kept and named by default; -RemoveFailed deletes them and says so.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class ApiFaultTests : IDisposable
{
    private static readonly string Key = TestKeys.NewPublicKey();

    /// <summary>A fault a failed test left armed must not fail the next one.</summary>
    public void Dispose()
    {
        using var control = Sandbox.Control();
        control.ClearFaultsAsync().GetAwaiter().GetResult();
    }

    private static Dictionary<string, object?> Vars(string tag) => new() { ["tag"] = tag, ["key"] = Key };

    private static async Task<List<JsonNode>> TaggedAsync(SandboxControl control, string tag) =>
        (await control.DropletsAsync()).Where(d => d!["tags"]!.AsArray().Any(t => (string?)t == tag)).Select(d => d!).ToList();

    [Fact]
    public async Task A_429_burst_with_retry_after_is_waited_out_and_every_node_is_created_once()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();
        await control.FaultAsync(new { kind = "status", status = 429, count = 4, retryAfter = 1 }); // any request, four in a row

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -Name rl -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Empty(r.Errors);
        Assert.Null(r.Terminating);
        Assert.Equal(2, r.Output.Count);
        var calls = await control.RequestsSinceAsync(mark);
        Assert.Equal(4, calls.Count(c => c.Status == 429)); // the burst happened...
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/droplets" && c.Status == 202); // ...and nothing was created twice
        Assert.Equal(2, (await TaggedAsync(control, tag)).Count);
    }

    [Fact]
    public async Task A_429_asking_to_wait_longer_than_the_module_waits_is_ApiRateLimited_and_creates_nothing()
    {
        // A sandbox of its own: the fault answers the next GET of any client, and on the shared one a
        // request of another test (or one still polling in the background) once took it first.
        using var server = Sandbox.Start(new SwarmTools.Engine.LocalSandbox.SandboxLaunchOptions { ApiOnly = true, BootSeconds = 0 });
        using var control = Sandbox.Control(server);
        using var ps = new PowerShellSession();
        ps.Invoke("$env:DIGITALOCEAN_API_URL = $url; $env:DIGITALOCEAN_TOKEN = $token",
            new Dictionary<string, object?> { ["url"] = server.ApiUrl.ToString(), ["token"] = server.Token });
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();
        await control.FaultAsync(new { kind = "status", method = "GET", status = 429, count = 1, retryAfter = 3600 });

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -SwarmTag $tag -SshKey $key", Vars(tag));
        await control.ClearFaultsAsync();

        Assert.Contains("ApiRateLimited,SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        Assert.Contains("3600 s", r.AllText);
        var calls = await control.RequestsSinceAsync(mark);
        Assert.Contains(calls, c => c.Status == 429);
        Assert.DoesNotContain(calls, c => c.Method != "GET");
    }

    [Fact]
    public async Task A_5xx_on_reads_is_retried_and_the_run_succeeds()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();
        await control.FaultAsync(new { kind = "status", method = "GET", path = "/v2/droplets", status = 503, count = 2 });

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Name g1 -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
        Assert.Equal(2, (await control.RequestsSinceAsync(mark)).Count(c => c.Status == 503));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_droplet_stuck_new_past_Timeout_is_DropletTimeout_naming_it_kept_or_removed(bool removeFailed)
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var name = "stuck" + (removeFailed ? "r" : "k");
        await control.FaultAsync(new { kind = "stay-new", name, count = 1 });

        var r = ps.Invoke($"New-SwarmNode -WaitFor Active -Name {name},fine -SwarmTag $tag -SshKey $key -Timeout 00:00:03 -Verbose{(removeFailed ? " -RemoveFailed" : "")}", Vars(tag));

        Assert.Equal("fine", ((SwarmNode)Assert.Single(r.Output).BaseObject).Name); // the healthy one is emitted either way
        var error = Assert.Single(r.Errors);
        Assert.Equal("DropletTimeout,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Equal(name, error.TargetObject);
        var left = await TaggedAsync(control, tag);
        // Kept either way: a droplet whose create is still in progress cannot be deleted on DigitalOcean
        // (422 "Droplet already has a pending event"); -RemoveFailed retries for -Timeout, then names it.
        Assert.Equal(new[] { "fine", name }, left.Select(d => (string)d["name"]!).OrderBy(n => n));
        var id = (long)left.Single(d => (string?)d["name"] == name)["id"]!;
        Assert.Contains($"{name} (id {id})", error.ToString());
        Assert.Contains($"Remove-SwarmNode -Id {id} -DropletOnly", error.ToString());
        Assert.DoesNotContain(r.Verbose, v => v.StartsWith("Deleted droplet"));
        if (removeFailed)
        {
            Assert.Contains("Deleting it (-RemoveFailed) was refused: its create was still in progress", error.ToString());
            var deletes = (await control.RequestsAsync()).Where(c => c.Method == "DELETE" && c.Path == $"/v2/droplets/{id}").ToList();
            Assert.True(deletes.Count >= 2, "the refused delete was retried");
            Assert.All(deletes, c => Assert.Equal(422, c.Status));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Reads_failing_for_good_after_the_create_end_the_run_naming_every_droplet_left_behind(bool removeFailed)
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "stay-new", name = "w1", count = 1 });
        using var pipeline = ps.CreatePipeline($"New-SwarmNode -WaitFor Active -Name w1 -SwarmTag {tag} -SshKey '{Key}' -Timeout 00:00:05{(removeFailed ? " -RemoveFailed" : "")}");

        var running = pipeline.BeginInvoke();
        for (var i = 0; i < 100 && (await TaggedAsync(control, tag)).Count == 0; i++) await Task.Delay(100);
        var created = Assert.Single(await TaggedAsync(control, tag)); // control: it was created before the reads failed
        var id = (long)created["id"]!;
        await control.FaultAsync(new { kind = "status", method = "GET", path = "/v2/droplets", status = 503, count = 1000 });
        pipeline.EndInvoke(running); // a terminating error ends the statement and lands in the error stream
        await control.ClearFaultsAsync();

        var record = Assert.Single(pipeline.Streams.Error);
        Assert.Equal("ApiServerError,SwarmTools.Commands.NewSwarmNode", record.FullyQualifiedErrorId);
        Assert.Contains($"w1 (id {id})", record.ToString());
        if (removeFailed)
        {
            // Still being created (stay-new), so DigitalOcean refuses the delete; it is retried for -Timeout, then named.
            Assert.Contains("Deleting it (-RemoveFailed) was refused: its create was still in progress", record.ToString());
            Assert.Contains($"Remove-SwarmNode -Id {id} -DropletOnly", record.ToString());
            Assert.Single(await TaggedAsync(control, tag));
        }
        else
        {
            Assert.Contains($"Remove-SwarmNode -Id {id} -DropletOnly", record.ToString());
            Assert.Single(await TaggedAsync(control, tag));
        }
    }

    [Fact]
    public async Task A_404_right_after_create_does_not_mislead_the_run()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag();
        // Control: the fault is live — a droplet read by id right after its create is not found.
        await control.FaultAsync(new { kind = "not-found-after-create", count = 1 });
        var probe = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "probe" }), default);
        Assert.Null(await api.Droplets.FindAsync(probe.Droplets[0].Id, default));
        await Sandbox.DeleteOnceCreatedAsync(api, probe.Droplets[0].Id);

        await control.FaultAsync(new { kind = "not-found-after-create", count = 10 });
        var mark = await control.MarkAsync();
        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -Name nf -SwarmTag $tag -SshKey $key", Vars(tag));
        await control.ClearFaultsAsync();

        // The run never takes a 404 by id for "gone": it follows the tag's list and the create actions.
        Assert.Empty(r.Errors);
        Assert.Equal(2, r.Output.Count);
        Assert.DoesNotContain(await control.RequestsSinceAsync(mark), c => c.Method == "GET" && c.Path.StartsWith("/v2/droplets/"));
        Assert.Equal(2, (await TaggedAsync(control, tag)).Count);
    }

    [Fact]
    public async Task The_droplet_limit_reached_in_the_middle_of_a_run_names_the_nodes_not_created_and_keeps_the_rest()
    {
        // The limit is checked first (12 of 13 fit); droplets made elsewhere while the first batch is
        // answered fill it before the second batch.
        using var server = Sandbox.Start(new SwarmTools.Engine.LocalSandbox.SandboxLaunchOptions { ApiOnly = true, DropletLimit = 13, BootSeconds = 0, RatePerMinute = 100000 });
        using var control = Sandbox.Control(server);
        using var api = Sandbox.Client(server);
        using var ps = new PowerShellSession();
        try
        {
            var tag = Sandbox.UniqueTag();
            await control.FaultAsync(new { kind = "delay", method = "POST", path = "/v2/droplets", delayMs = 3000, count = 1 });
            ps.Invoke("$env:DIGITALOCEAN_API_URL = $url; $env:DIGITALOCEAN_TOKEN = $token",
                new Dictionary<string, object?> { ["url"] = server.ApiUrl.ToString(), ["token"] = server.Token });
            using var pipeline = ps.CreatePipeline($"New-SwarmNode -WaitFor Active -Count 12 -Name m -SwarmTag {tag} -SshKey '{Key}'");

            var running = pipeline.BeginInvoke();
            for (var i = 0; i < 100 && (await TaggedAsync(control, tag)).Count < 10; i++) await Task.Delay(100);
            Assert.Equal(10, (await TaggedAsync(control, tag)).Count); // control: the first batch exists, its answer held back
            await api.Droplets.CreateAsync(DropletRequests.Create("elsewhere", new[] { "x1", "x2" }), default);
            var output = pipeline.EndInvoke(running);

            Assert.Equal(Enumerable.Range(1, 10).Select(i => $"m{i}").OrderBy(n => n), output.Select(o => ((SwarmNode)o.BaseObject).Name).OrderBy(n => n));
            var errors = pipeline.Streams.Error.ToList();
            Assert.Equal(new[] { "m11", "m12" }, errors.Select(e => (string)e.TargetObject).OrderBy(n => n));
            Assert.All(errors, e =>
            {
                Assert.Equal("DropletLimitExceeded,SwarmTools.Commands.NewSwarmNode", e.FullyQualifiedErrorId);
                Assert.Contains("droplet limit was reached during this run", e.ToString());
            });
            Assert.Equal(10, (await TaggedAsync(control, tag)).Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", Sandbox.Server.ApiUrl.ToString());
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", Sandbox.Server.Token);
        }
    }
}
