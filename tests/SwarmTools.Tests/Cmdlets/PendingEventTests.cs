using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Engine.Nodes;
using SwarmTools.Tests.Support;
using SwarmTools.Infrastructure;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// DigitalOcean refuses to delete a droplet whose create is in progress: 422 unprocessable_entity
/// "Droplet already has a pending event." (packer #1814; Terraform waits for the droplet to unlock).
/// The module retries within a bound, then names the droplet and how to remove it.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class PendingEventTests
{
    [Fact]
    public async Task The_sandbox_refuses_to_delete_a_droplet_being_created_with_DigitalOceans_422()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "stay-new", name = "locked1", count = 1 });
        var created = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "locked1" }), default);
        var id = created.Droplets[0].Id;

        var one = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Droplets.DeleteAsync(id, default));
        var byTag = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Droplets.DeleteByTagAsync(tag, default));

        Assert.Equal(422, one.StatusCode);
        Assert.Equal("Droplet already has a pending event.", one.ApiMessage);
        Assert.Equal(422, byTag.StatusCode);
        var logged = (await control.RequestsAsync()).Last(c => c.Method == "DELETE" && c.Path == $"/v2/droplets/{id}");
        Assert.Contains("\"id\":\"unprocessable_entity\"", logged.ResponseBody!.Replace(" ", ""));
        Assert.Equal("new", (await api.Droplets.FindAsync(id, default))!.Status); // nothing was deleted
    }

    [Fact]
    public async Task Remove_waits_for_a_create_in_progress_to_end_then_deletes()
    {
        using var server = Sandbox.Start(new SandboxLaunchOptions { ApiOnly = true, BootSeconds = 5, DeleteSeconds = 1, DropletLimit = 100, RatePerMinute = 100000 });
        using var api = Sandbox.Client(server);
        using var control = Sandbox.Control(server);
        var created = await api.Droplets.CreateAsync(DropletRequests.Create("pending", new[] { "slow1" }), default);
        var id = created.Droplets[0].Id;
        PowerShellSession.Result r;
        try
        {
            // This sandbox's droplets take 5 s to create: the session points at it as Start-SwarmSandbox would.
            Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", server.ApiUrl.ToString());
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", server.Token);
            using var ps = new PowerShellSession();
            r = ps.Invoke($"Remove-SwarmNode -Id {id} -DropletOnly -Force -Verbose");
        }
        finally
        {
            SandboxSession.Open().Dispose(); // back to the shared sandbox
        }

        Assert.Empty(r.Errors);
        var deletes = (await control.RequestsAsync()).Where(c => c.Method == "DELETE" && c.Path == $"/v2/droplets/{id}").Select(c => c.Status).ToList();
        Assert.Contains(422, deletes); // refused while the create ran
        Assert.Equal(204, deletes.Last()); // then accepted
        Assert.Contains(r.Verbose, v => v.StartsWith("Deleted slow1", StringComparison.Ordinal));
        Assert.Null(await api.Droplets.FindAsync(id, default));
    }

    [Fact]
    public async Task A_create_in_progress_past_the_bound_is_DropletDeletePending_naming_the_droplet_and_its_remove_command()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "stay-new", name = "locked2", count = 1 });
        var id = (await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "locked2" }), default)).Droplets[0].Id;
        var started = DateTime.UtcNow;

        var deletion = new DropletDeletion(api, unlockWithin: TimeSpan.FromSeconds(3));
        var e = await Assert.ThrowsAsync<DropletDeletePendingException>(() => deletion.DeleteAsync(id, $"locked2 (droplet {id})", default));

        Assert.Equal(ErrorIds.DropletDeletePending, e.ErrorId);
        Assert.Contains($"locked2 (droplet {id}) could not be deleted", e.Message);
        Assert.Contains($"Remove-SwarmNode -Id {id} -DropletOnly", e.Message);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        var deletes = (await control.RequestsAsync()).Count(c => c.Method == "DELETE" && c.Path == $"/v2/droplets/{id}");
        Assert.True(deletes >= 2, "the refused delete was retried");
        Assert.NotNull(await api.Droplets.FindAsync(id, default));
    }
}
