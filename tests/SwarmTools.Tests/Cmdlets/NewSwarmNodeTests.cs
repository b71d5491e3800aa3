using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>New-SwarmNode hosted in a runspace against the sandbox.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class NewSwarmNodeTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars(string tag) => new() { ["tag"] = tag, ["key"] = Key };

    [Fact]
    public async Task Creates_node1_to_node3_and_emits_ready_typed_nodes()
    {
        using var ps = SandboxSession.Open();
        var tag = Sandbox.UniqueTag();

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 3 -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Empty(r.Errors);
        Assert.Null(r.Terminating);
        var nodes = r.Output.Select(o => Assert.IsType<SwarmNode>(o.BaseObject)).OrderBy(n => n.Name).ToList();
        Assert.Equal(new[] { "node1", "node2", "node3" }, nodes.Select(n => n.Name));
        Assert.All(nodes, n =>
        {
            Assert.Equal(DropletStatus.Active, n.Status);
            Assert.StartsWith("100.64.", n.PublicAddress); // an API-only sandbox: never a lab host's address
            Assert.StartsWith("198.19.", n.PrivateAddress);
            Assert.Contains(tag, n.Tags);
            Assert.Equal("nyc3", n.Region);
            Assert.Equal("s-1vcpu-1gb", n.Size);
            Assert.Equal("docker-24-04", n.Image);
        });
        using var api = Sandbox.Client();
        Assert.Equal(3, (await api.Droplets.ListByTagAsync(tag, default)).Count);
    }

    [Fact]
    public async Task Polls_with_one_list_call_per_interval_never_one_call_per_droplet()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();

        ps.Invoke("New-SwarmNode -WaitFor Active -Count 4 -SwarmTag $tag -SshKey $key", Vars(tag));

        var calls = await control.RequestsSinceAsync(mark);
        Assert.DoesNotContain(calls, c => c.Method == "GET" && c.Path.StartsWith("/v2/droplets/"));
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/droplets");
    }

    [Fact]
    public async Task WhatIf_validates_but_creates_nothing()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 3 -SwarmTag $tag -SshKey $key -WhatIf", Vars(tag));

        Assert.Empty(r.Output);
        Assert.Empty(r.Errors);
        var calls = await control.RequestsSinceAsync(mark);
        Assert.NotEmpty(calls);
        Assert.All(calls, c => Assert.Equal("GET", c.Method));
    }

    [Theory]
    [InlineData("-Region mars1", "InvalidRegion")]
    [InlineData("-Size s-64vcpu-1tb", "InvalidSize")]
    [InlineData("-Image windows-95", "InvalidImage")]
    [InlineData("-Name 'bad_name!'", "InvalidName")]
    [InlineData("-Name a,b -Count 3", "NameCountMismatch")]
    [InlineData("-Name a,a", "DuplicateName")]
    [InlineData("-UserData ('x' * 70000)", "UserDataTooLarge")]
    [InlineData("-VpcUuid 00000000-0000-0000-0000-000000000000", "InvalidVpc")]
    [InlineData("-SshKey /nonexistent/id.pub", "SshKeyNotFound")]
    [InlineData("-Tag 'no spaces'", "InvalidTag")]
    public async Task Bad_input_is_refused_with_a_stable_error_id_and_nothing_is_created(string arguments, string errorId)
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();

        var sshKey = arguments.Contains("-SshKey") ? "" : "-SshKey $key";
        var r = ps.Invoke($"New-SwarmNode -WaitFor Active -SwarmTag $tag {sshKey} {arguments}", Vars(tag));

        Assert.Contains($"{errorId},SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        Assert.Empty(r.Output);
        Assert.DoesNotContain(await control.RequestsSinceAsync(mark), c => c.Method != "GET");
    }

    [Fact]
    public async Task The_droplet_limit_is_checked_before_anything_is_created()
    {
        using var server = Sandbox.Start(new SwarmTools.Engine.LocalSandbox.SandboxLaunchOptions { ApiOnly = true, DropletLimit = 2, BootSeconds = 0 });
        using var control = Sandbox.Control(server);
        using var ps = new PowerShellSession();
        var r = ps.Invoke(
            "$env:DIGITALOCEAN_API_URL = $url; New-SwarmNode -WaitFor Active -Count 3 -SshKey $key -Token (ConvertTo-SecureString $token -AsPlainText -Force)",
            new Dictionary<string, object?> { ["url"] = server.ApiUrl.ToString(), ["token"] = server.Token, ["key"] = Key });

        Assert.Contains("DropletLimitExceeded,SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        Assert.DoesNotContain(await control.RequestsAsync(), c => c.Method == "POST");
        Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", Sandbox.Server.ApiUrl.ToString());
    }

    [Fact]
    public void A_missing_token_is_a_clear_error_naming_both_ways()
    {
        using var ps = SandboxSession.Open();
        var r = ps.Invoke("$env:DIGITALOCEAN_TOKEN = $null; New-SwarmNode -WaitFor Active -SshKey $key", Vars("t"));
        Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", Sandbox.Server.Token);

        Assert.Contains("MissingToken,SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        var message = Assert.Single(r.Errors).Exception.Message;
        Assert.Contains("-Token", message);
        Assert.Contains("DIGITALOCEAN_TOKEN", message);
        Assert.Contains("DIGITALOCEAN_ACCESS_TOKEN", message);
    }

    [Fact]
    public async Task Names_that_exist_under_the_swarm_tag_are_returned_not_duplicated()
    {
        using var ps = SandboxSession.Open();
        var tag = Sandbox.UniqueTag();
        var first = ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -SwarmTag $tag -SshKey $key", Vars(tag));
        var second = ps.Invoke("New-SwarmNode -WaitFor Active -Count 3 -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Equal(3, second.Output.Count);
        var firstIds = first.Output.Select(o => ((SwarmNode)o.BaseObject).Id).ToHashSet();
        Assert.Equal(2, second.Output.Count(o => firstIds.Contains(((SwarmNode)o.BaseObject).Id)));
        using var api = Sandbox.Client();
        Assert.Equal(3, (await api.Droplets.ListByTagAsync(tag, default)).Count);
    }

    [Fact]
    public async Task The_key_is_uploaded_once_by_fingerprint()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var key = TestKeys.NewPublicKey("rsa");
        var vars = new Dictionary<string, object?> { ["tag"] = Sandbox.UniqueTag(), ["key"] = key };
        var mark = await control.MarkAsync();

        ps.Invoke("New-SwarmNode -WaitFor Active -Name a -SwarmTag $tag -SshKey $key", vars);
        ps.Invoke("New-SwarmNode -WaitFor Active -Name b -SwarmTag $tag -SshKey $key", vars);

        var calls = await control.RequestsSinceAsync(mark);
        Assert.Single(calls, c => c.Method == "POST" && c.Path == "/v2/account/keys");
        Assert.DoesNotContain(calls, c => c.Method == "GET" && c.Path == "/v2/account/keys"); // listing has its own tight limit
    }

    [Fact]
    public async Task A_just_uploaded_key_refused_by_create_is_retried()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "key-race", count = 1 });

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Name k1 -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
    }

    [Fact]
    public async Task A_key_already_in_use_whose_lookup_still_404s_is_looked_up_again_not_fatal()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag();
        var key = TestKeys.NewPublicKey();
        await api.Keys.CreateAsync("uploaded elsewhere", File.ReadAllText(key).Trim(), default);
        // The key is on the account, but the plan's lookup and the lookup after the 422 "already in use" both 404.
        await control.FaultAsync(new { kind = "key-lookup-lag", count = 2 });
        var mark = await control.MarkAsync();

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Name kl1 -SwarmTag $tag -SshKey $key -Verbose", new() { ["tag"] = tag, ["key"] = key });

        var calls = await control.RequestsSinceAsync(mark);
        Assert.Contains(calls, c => c.Method == "POST" && c.Path == "/v2/account/keys" && c.Status == 422); // control: the race happened
        Assert.Equal(2, calls.Count(c => c.Method == "GET" && c.Path.StartsWith("/v2/account/keys/", StringComparison.Ordinal) && c.Status == 404));
        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
        Assert.Contains(r.Verbose, v => v.Contains("already on the account but not found yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_create_that_errors_is_reported_for_that_node_and_the_others_are_emitted()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "create-errors", name = "e2" });

        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Count 3 -Name e -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Equal(new[] { "e1", "e3" }, r.Output.Select(o => ((SwarmNode)o.BaseObject).Name).OrderBy(n => n));
        var error = Assert.Single(r.Errors);
        Assert.Equal("DropletCreateFailed,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Equal("e2", error.TargetObject);
    }

    [Fact]
    public async Task Stopping_the_wait_returns_at_once_and_the_created_droplets_stay_findable()
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        await control.FaultAsync(new { kind = "stay-new", name = "s1" });
        using var pipeline = ps.CreatePipeline($"New-SwarmNode -WaitFor Active -Name s1 -SwarmTag {tag} -SshKey '{Key}'");

        var running = pipeline.BeginInvoke();
        using var api = Sandbox.Client();
        for (var i = 0; i < 100 && (await api.Droplets.ListByTagAsync(tag, default)).Count == 0; i++) await Task.Delay(100);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        pipeline.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"Stop took {stopwatch.Elapsed}");
        Assert.True(running.IsCompleted);
        var left = Assert.Single(await api.Droplets.ListByTagAsync(tag, default));
        var said = Assert.Single(ps.Host.Warnings);
        Assert.Contains($"s1 (id {left.Id})", said);
        Assert.Contains("Remove-SwarmNode", said);
    }
}
