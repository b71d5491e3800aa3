using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Nodes;
using SwarmTools.Tests.Support;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Tests.Client;

/// <summary>
/// A create that got no usable answer (5xx, timeout) may still have been made, and listed only
/// later: the provisioner looks for it before each re-post and before saying nothing was made,
/// for longer than one HTTP exchange may take. The engine runs here with a short look (the
/// cmdlets' is the HTTP timeout plus 30 s), against the sandbox over real HTTP.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class CreateRetryTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [Fact]
    public void The_cmdlets_look_for_a_failed_create_longer_than_an_HTTP_exchange_may_take()
    {
        using var api = Sandbox.Client();
        var provisioner = new NodeProvisioner(api, new Recorder());
        Assert.True(provisioner.ListSettleWait > api.Connection.RequestTimeout, $"{provisioner.ListSettleWait} is not longer than {api.Connection.RequestTimeout}");
    }

    [Fact]
    public async Task A_failed_create_is_looked_up_by_tag_before_posting_again()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "status", method = "POST", path = "/v2/droplets", status = 500, count = 1 });
        var mark = await control.MarkAsync();

        var recorder = await RunAsync(api, tag, TimeSpan.FromSeconds(2), "f1", "f2");

        Assert.Equal(2, recorder.ReadyNodes.Count);
        Assert.Empty(recorder.Failures);
        var calls = await control.RequestsSinceAsync(mark);
        var posts = calls.Select((c, i) => (c, i)).Where(x => x.c.Method == "POST" && x.c.Path == "/v2/droplets").ToList();
        Assert.Equal(2, posts.Count);
        Assert.Contains(calls.Skip(posts[0].i + 1).Take(posts[1].i - posts[0].i - 1),
            c => c.Method == "GET" && c.Path == "/v2/droplets" && c.Query.Contains("tag_name=" + tag));
        Assert.Equal(2, (await api.Droplets.ListByTagAsync(tag, default)).Count);
    }

    [Fact]
    public async Task A_5xx_on_both_creates_is_DropletCreateFailed_for_each_name_and_nothing_is_left()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "status", method = "POST", path = "/v2/droplets", status = 500, count = 2 });
        var mark = await control.MarkAsync();

        var recorder = await RunAsync(api, tag, TimeSpan.FromSeconds(2), "p1", "p2");

        Assert.Equal(2, (await control.RequestsSinceAsync(mark)).Count(c => c.Method == "POST" && c.Path == "/v2/droplets" && c.Status == 500));

        Assert.Empty(recorder.ReadyNodes);
        Assert.Equal(new[] { "p1", "p2" }, recorder.Failures.Select(f => f.Name).OrderBy(n => n));
        Assert.All(recorder.Failures, f =>
        {
            Assert.Equal(ErrorIds.DropletCreateFailed, f.Error.ErrorId);
            Assert.Contains("Nothing was created for it; run the command again", f.Error.Message);
        });
        Assert.Empty(await api.Droplets.ListByTagAsync(tag, default));
    }

    [Fact]
    public async Task A_second_create_that_took_effect_behind_a_failure_is_found_not_reported_as_nothing_created()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        // The first post fails before it takes effect; the second takes effect, answers 500, and its droplets are listed late.
        await control.FaultAsync(new { kind = "status", method = "POST", path = "/v2/droplets", status = 500, count = 1 });
        var mark = await control.MarkAsync();
        var running = RunAsync(api, tag, TimeSpan.FromSeconds(6), "s1", "s2");
        for (var i = 0; i < 100 && !(await control.RequestsSinceAsync(mark)).Any(c => c.Method == "POST" && c.Path == "/v2/droplets"); i++) await Task.Delay(50);
        await control.FaultAsync(new { kind = "list-lag", delayMs = 3000, count = 2 });
        await control.FaultAsync(new { kind = "status", method = "POST", path = "/v2/droplets", status = 500, afterHandler = true, count = 1 });

        var recorder = await running;
        await control.ClearFaultsAsync();

        var posts = (await control.RequestsSinceAsync(mark)).Where(c => c.Method == "POST" && c.Path == "/v2/droplets").ToList();
        Assert.Equal(new[] { 500, 500 }, posts.Select(p => p.Status)); // both failed, the second after taking effect
        Assert.Empty(recorder.Failures);
        Assert.Equal(new[] { "s1", "s2" }, recorder.ReadyNodes.Select(n => n.Name).OrderBy(n => n));
        Assert.Equal(2, (await api.Droplets.ListByTagAsync(tag, default)).Count);
    }

    private static async Task<Recorder> RunAsync(DigitalOceanClient api, string tag, TimeSpan listSettleWait, params string[] names)
    {
        var spec = new NodeSpec
        {
            Names = names, SwarmTag = tag, Timeout = TimeSpan.FromSeconds(60), PollInterval = TimeSpan.FromMilliseconds(500),
            SshKey = SshPublicKey.Load(Key, Path.GetTempPath()),
        };
        var plan = await new NodePlanner(api).PlanAsync(spec, default);
        var recorder = new Recorder();
        await new NodeProvisioner(api, recorder, listSettleWait).RunAsync(plan, default);
        return recorder;
    }

    private sealed class Recorder : IProvisionObserver
    {
        public List<SwarmNode> ReadyNodes { get; } = [];
        public List<(string Name, SwarmToolsException Error)> Failures { get; } = [];
        public void Verbose(string message) { }
        public void Progress(string activity, string status, int percent) { }
        public void Created(SwarmNode node) { }
        public void Ready(SwarmNode node) { lock (ReadyNodes) ReadyNodes.Add(node); }
        public void Failed(string name, SwarmToolsException error) { lock (Failures) Failures.Add((name, error)); }
    }
}
