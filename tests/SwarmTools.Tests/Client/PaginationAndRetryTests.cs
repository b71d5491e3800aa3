using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>The client against the sandbox over real HTTP: paging, rate limits, retries.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class PaginationAndRetryTests
{
    [Fact]
    public async Task List_follows_absolute_next_links_across_pages()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        for (var batch = 0; batch < 3; batch++)
            await api.Droplets.CreateAsync(DropletRequests.Create(tag, Enumerable.Range(batch * 10 + 1, batch < 2 ? 10 : 5).Select(i => $"p{i}")), default);

        api.Connection.PageSize = 10;
        var mark = await control.MarkAsync();
        var all = await api.Droplets.ListByTagAsync(tag, default);

        Assert.Equal(25, all.Count);
        Assert.Equal(25, all.Select(d => d.Id).Distinct().Count());
        var gets = (await control.RequestsSinceAsync(mark)).Where(r => r.Path == "/v2/droplets").ToList();
        Assert.Equal(3, gets.Count);
        Assert.Contains("page=2", gets[1].Query);
        Assert.Contains("page=3", gets[2].Query);
        Assert.All(gets, g => Assert.Contains("tag_name=" + tag, g.Query)); // links keep the other parameters
    }

    [Fact]
    public async Task Droplets_are_listed_by_exact_name_ignoring_case()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var name = "byname-" + tag;
        await api.Droplets.CreateAsync(DropletRequests.Create(tag, [name, name + "x"]), default);
        var mark = await control.MarkAsync();

        var found = await api.Droplets.ListByNameAsync(name.ToUpperInvariant(), default);

        Assert.Equal(new[] { name }, found.Select(d => d.Name));
        Assert.Contains("name=" + name.ToUpperInvariant(), Assert.Single(await control.RequestsSinceAsync(mark)).Query);
        await Sandbox.WaitCreatedAsync(api, tag);
        await api.Droplets.DeleteByTagAsync(tag, default);
    }

    [Fact]
    public async Task A_short_list_is_one_request()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var mark = await control.MarkAsync();
        var regions = await api.Regions.ListAsync(default);
        Assert.NotEmpty(regions);
        Assert.Single(await control.RequestsSinceAsync(mark));
    }

    [Fact]
    public async Task A_429_is_waited_out_then_the_request_succeeds()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        await control.FaultAsync(new { kind = "status", method = "GET", path = "/v2/sizes", status = 429, count = 2, retryAfter = 1 });
        var mark = await control.MarkAsync();
        var started = DateTime.UtcNow;

        var sizes = await api.Sizes.ListAsync(default);

        Assert.Contains(sizes, s => s.Slug == "s-1vcpu-1gb");
        var calls = await control.RequestsSinceAsync(mark);
        Assert.Equal(new[] { 429, 429, 200 }, calls.Select(c => c.Status));
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.9), "retry-after must be honoured");
    }

    [Fact]
    public async Task A_429_on_a_create_is_retried_because_nothing_was_created()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "status", method = "POST", path = "/v2/droplets", status = 429, count = 1, retryAfter = 1 });

        var result = await api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "r1" }), default);

        Assert.Single(result.Droplets);
        Assert.Single(await api.Droplets.ListByTagAsync(tag, default));
    }

    [Fact]
    public async Task A_GET_is_retried_on_5xx()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        await control.FaultAsync(new { kind = "status", method = "GET", path = "/v2/account", status = 500, count = 2 });
        var mark = await control.MarkAsync();

        var account = await api.Account.GetAsync(default);

        Assert.True(account.DropletLimit > 0);
        Assert.Equal(new[] { 500, 500, 200 }, (await control.RequestsSinceAsync(mark)).Select(c => c.Status));
    }

    [Fact]
    public async Task A_GET_gives_up_after_the_bounded_attempts()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        await control.FaultAsync(new { kind = "status", method = "GET", path = "/v2/vpcs", status = 503, count = 50 });
        try
        {
            var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Vpcs.ListAsync(default));
            Assert.Equal(503, e.StatusCode);
        }
        finally { await control.ClearFaultsAsync(); }
    }

    [Fact]
    public async Task A_POST_is_not_retried_on_5xx()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "status", method = "POST", path = "/v2/droplets", status = 500, count = 1 });
        var mark = await control.MarkAsync();

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Droplets.CreateAsync(DropletRequests.Create(tag, new[] { "x1" }), default));

        Assert.Equal(500, e.StatusCode);
        Assert.Single(await control.RequestsSinceAsync(mark), r => r.Method == "POST");
        Assert.Empty(await api.Droplets.ListByTagAsync(tag, default));
    }

    [Fact]
    public async Task Connection_failures_are_retried_for_GET_then_reported_without_status()
    {
        var closed = new Uri("http://127.0.0.1:9/"); // discard port: nothing listens
        var retry = new RetryPolicy { MaxAttempts = 3, BaseBackoff = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromSeconds(5) };
        var traced = new List<string>();
        using var api = new DigitalOceanClient(new ApiConnection(closed, "dop_v1_unused", retry) { Trace = traced.Add });

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Account.GetAsync(default));

        Assert.Equal(0, e.StatusCode);
        Assert.Equal(3, traced.Count(t => t.Contains("failed")));
    }
}
