using System.Text.Json.Nodes;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// DigitalOcean has no idempotency key, and a droplet it created can be missing from lists for a
/// while. After a create that failed without a usable answer (a 5xx, or no answer at all), the
/// module looks for the droplets for a bounded time before it posts again, so it never makes
/// duplicates (NewSwarmNodeTests shows it does post again when nothing was created); and it ties
/// create actions to droplets by resource_id, not by position.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class EventualConsistencyTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars(string tag) => new() { ["tag"] = tag, ["key"] = Key };

    [Theory]
    [InlineData("status")]      // the create is done, then the answer is a 500
    [InlineData("drop-answer")] // the create is done, the answer never comes (a client timeout)
    public async Task A_create_that_succeeded_behind_a_failure_and_is_listed_late_is_not_posted_again(string failure)
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "list-lag", delayMs = 4000 });
        await control.FaultAsync(failure == "status"
            ? new { kind = "status", method = "POST", path = "/v2/droplets", status = 500, afterHandler = true }
            : (object)new { kind = "drop-answer", method = "POST", path = "/v2/droplets" });
        var mark = await control.MarkAsync();

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 3 -Name c -SwarmTag $tag -SshKey $key -Verbose", Vars(tag));
        await control.ClearFaultsAsync();

        Assert.Empty(r.Errors);
        Assert.Equal(new[] { "c1", "c2", "c3" }, r.Output.Select(o => ((SwarmNode)o.BaseObject).Name).OrderBy(n => n));
        using var api = Sandbox.Client();
        Assert.Equal(3, (await api.Droplets.ListByTagAsync(tag, default)).Count);
        var calls = await control.RequestsSinceAsync(mark);
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/droplets");
        // The lag was in force: the first look after the create found nothing, and the module kept looking.
        var looks = calls.SkipWhile(c => c.Method != "POST" || c.Path != "/v2/droplets")
            .Where(c => c.Method == "GET" && c.Path == "/v2/droplets" && c.Query.Contains("tag_name=" + tag)).ToList();
        Assert.True(looks.Count >= 2, $"looked {looks.Count} time(s)");
        Assert.Empty(JsonNode.Parse(looks[0].ResponseBody!)!["droplets"]!.AsArray());
        Assert.Contains(r.Verbose, v => v.Contains("c1 was created after all"));
    }

    [Fact]
    public async Task A_create_action_that_answers_404_at_first_is_read_again_not_fatal()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        // Not listed yet, so the run reads the create actions to learn the droplets' fate: they 404 at first.
        await control.FaultAsync(new { kind = "list-lag", delayMs = 3000, count = 2 });
        await control.FaultAsync(new { kind = "action-not-found-after-create", count = 3 });
        var mark = await control.MarkAsync();

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -Name an -SwarmTag $tag -SshKey $key", Vars(tag));
        await control.ClearFaultsAsync();

        var calls = await control.RequestsSinceAsync(mark);
        Assert.Contains(calls, c => c.Method == "GET" && c.Path.StartsWith("/v2/actions/", StringComparison.Ordinal) && c.Status == 404); // the lag was live
        Assert.Empty(r.Errors);
        Assert.Equal(new[] { "an1", "an2" }, r.Output.Select(o => ((SwarmNode)o.BaseObject).Name).OrderBy(n => n));
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/droplets");
    }

    [Fact]
    public async Task Create_actions_are_tied_to_droplets_by_resource_id_not_by_position()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "create-errors", name = "a1" });

        // The sandbox answers links.actions in reverse: by position, a1 would get a2's (healthy) action and be waited for.
        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -Name a -SwarmTag $tag -SshKey $key -Timeout 00:00:30", Vars(tag));
        await control.ClearFaultsAsync();

        Assert.Equal("a2", ((SwarmNode)Assert.Single(r.Output).BaseObject).Name);
        var error = Assert.Single(r.Errors);
        Assert.Equal("DropletCreateFailed,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Equal("a1", error.TargetObject);
    }

    [Fact]
    public async Task The_sandbox_answers_create_actions_in_another_order_than_the_droplets()
    {
        using var api = Sandbox.Client();
        var created = await api.Droplets.CreateAsync(DropletRequests.Create(Sandbox.UniqueTag(), new[] { "o1", "o2" }), default);
        var owners = new List<long?>();
        foreach (var link in created.Actions) owners.Add((await api.Actions.GetAsync(link.Id, default)).ResourceId);
        Assert.Equal(created.Droplets.Select(d => (long?)d.Id).Reverse(), owners);
    }
}
