using SwarmTools.Engine.Nodes;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Deletes are asynchronous on DigitalOcean (godo #146; terraform-provider-digitalocean #283/#284):
/// the 204 comes at once and the droplet stays listed, active and counted for a while. The module
/// says "deleted" only after a 404, and never adopts a droplet whose deletion it requested.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class AsyncDeleteTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars(string tag) => new() { ["tag"] = tag, ["key"] = Key };

    [Fact]
    public async Task The_sandbox_keeps_a_deleted_droplet_listed_active_and_counted_until_it_really_goes()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "slow-delete", delayMs = 3000, count = 1 });
        var created = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "going" }), default);
        var id = created.Droplets[0].Id;
        await WaitActiveAsync(api, id);
        var before = await api.Droplets.CountAsync(default);

        await api.Droplets.DeleteAsync(id, default);

        Assert.Equal("active", (await api.Droplets.FindAsync(id, default))!.Status);
        Assert.Contains(await api.Droplets.ListByTagAsync(tag, default), d => d.Id == id);
        Assert.Equal(before, await api.Droplets.CountAsync(default));
        await api.Droplets.DeleteAsync(id, default); // a second delete while it goes is accepted too
        var giveUp = DateTime.UtcNow.AddSeconds(20);
        while (await api.Droplets.FindAsync(id, default) != null && DateTime.UtcNow < giveUp) await Task.Delay(200);
        Assert.Null(await api.Droplets.FindAsync(id, default));
        Assert.DoesNotContain(await api.Droplets.ListByTagAsync(tag, default), d => d.Id == id);
    }

    [Fact]
    public async Task Remove_says_deleted_only_after_the_droplet_answers_404()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var node = (SwarmNode)ps.Invoke("New-SwarmNode -WaitFor Active -Name rm1 -SwarmTag $tag -SshKey $key", Vars(tag)).Output.Single().BaseObject;
        await control.FaultAsync(new { kind = "slow-delete", delayMs = 3000, count = 1 });
        var mark = await control.MarkAsync();

        var r = ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly -Verbose", Vars(tag));

        Assert.Empty(r.Errors);
        Assert.Contains(r.Verbose, v => v.StartsWith("Deleted rm1", StringComparison.Ordinal));
        var calls = await control.RequestsSinceAsync(mark);
        var delete = calls.FindIndex(c => c.Method == "DELETE" && c.Path == $"/v2/droplets/{node.Id}");
        Assert.True(delete >= 0, "the droplet was deleted");
        var reads = calls.Skip(delete + 1).Where(c => c.Method == "GET" && c.Path == $"/v2/droplets/{node.Id}").ToList();
        Assert.Contains(reads, c => c.Status == 200); // still there after the 204: the wait was needed
        Assert.Equal(404, reads.Last().Status);
        using var api = Sandbox.Client();
        Assert.Empty(await api.Droplets.ListByTagAsync(tag, default));
    }

    [Fact]
    public async Task A_deletion_still_in_progress_is_reported_as_requested_and_never_adopted_by_the_next_run()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        using (var first = SandboxSession.Open())
            Assert.Empty(first.Invoke("New-SwarmNode -WaitFor Active -Name dy1 -SwarmTag $tag -SshKey $key", Vars(tag)).Errors);
        var old = (await api.Droplets.ListByTagAsync(tag, default)).Single();
        await control.FaultAsync(new { kind = "slow-delete", delayMs = 6000, count = 1 });

        // A session that stopped waiting (a short bound here) before the droplet went.
        var deletion = new DropletDeletion(api, goneWithin: TimeSpan.FromSeconds(1));
        Assert.Equal(DeletionOutcome.StillListed, await deletion.DeleteAsync(old.Id, "dy1", default));
        Assert.Contains(await api.Droplets.ListByTagAsync(tag, default), d => d.Id == old.Id); // control: it is listed and active
        Assert.Contains("still listed after 1 s", deletion.NotSeenGone("dy1", DeletionOutcome.StillListed));

        using var next = SandboxSession.Open();
        var r = next.Invoke("New-SwarmNode -WaitFor Active -Name dy1 -SwarmTag $tag -SshKey $key -Verbose", Vars(tag));

        Assert.Empty(r.Errors);
        var node = (SwarmNode)r.Output.Single().BaseObject;
        Assert.NotEqual(old.Id, node.Id);
        Assert.Contains(r.Verbose, v => v.Contains($"dy1 (id {old.Id}) to be deleted", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Verbose, v => v.Contains("exists already", StringComparison.Ordinal));
        Assert.Null(await api.Droplets.FindAsync(old.Id, default));
        await api.Droplets.DeleteAsync(node.Id, default);
    }

    private static async Task WaitActiveAsync(SwarmTools.Engine.DigitalOcean.DigitalOceanClient api, long id)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(20);
        while ((await api.Droplets.FindAsync(id, default))?.Status != "active" && DateTime.UtcNow < giveUp) await Task.Delay(200);
    }
}
