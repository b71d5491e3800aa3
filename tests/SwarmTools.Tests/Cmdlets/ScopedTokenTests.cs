using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Custom-scoped tokens: the sandbox answers 403 beyond a token's scopes, as DigitalOcean does
/// (without saying which scope); the module names the scope, and a token that cannot do the job
/// fails before anything is created whenever reading can tell.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class ScopedTokenTests
{
    /// <summary>What New-SwarmNode -WaitFor Active needs with a key that is not on the account yet.</summary>
    private static readonly string[] NewSwarmNodeScopes =
    [
        "account:read", "regions:read", "sizes:read", "image:read", "droplet:read", "tag:read", "actions:read",
        "ssh_key:read", "ssh_key:create", "droplet:create", "tag:create",
    ];

    [Fact]
    public async Task A_403_names_the_scope_the_request_needs()
    {
        using var control = Sandbox.Control();
        using var api = Sandbox.Client(token: await control.MintTokenAsync("droplet:read"));

        await api.Droplets.ListAsync(default); // granted

        var regions = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Regions.ListAsync(default));
        Assert.Equal(403, regions.StatusCode);
        Assert.Contains("needs the scope regions:read", regions.Message);
        var byTag = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Droplets.ListByTagAsync("x", default));
        Assert.Contains("droplet:read, tag:read", byTag.Message);
    }

    [Fact]
    public async Task Alias_scopes_grant_every_read_or_everything()
    {
        using var control = Sandbox.Control();
        using var reader = Sandbox.Client(token: await control.MintTokenAsync("api:read"));
        await reader.Regions.ListAsync(default);
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => reader.Tags.CreateAsync("scoped", default));
        Assert.Contains("tag:create", e.Message);
        using var writer = Sandbox.Client(token: await control.MintTokenAsync("api:write"));
        await writer.Tags.CreateAsync("scoped", default);
    }

    [Fact]
    public async Task With_every_scope_it_needs_New_SwarmNode_creates_the_node()
    {
        var (r, created) = await RunNewSwarmNode(NewSwarmNodeScopes);
        Assert.Empty(r.Errors);
        Assert.Single(r.Output);
        Assert.Single(created);
    }

    [Theory]
    [MemberData(nameof(EachScope))]
    public async Task Without_one_scope_New_SwarmNode_names_it_and_creates_nothing(string missing)
    {
        var (r, created) = await RunNewSwarmNode(NewSwarmNodeScopes.Where(s => s != missing).ToArray());

        var error = Assert.Single(r.Errors);
        Assert.Equal("MissingScope,SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Contains(missing, error.Exception.Message);
        Assert.Empty(r.Output);
        Assert.Empty(created);
    }

    public static TheoryData<string> EachScope() => new(NewSwarmNodeScopes);

    [Fact]
    public async Task A_token_that_cannot_read_everything_fails_before_any_write()
    {
        using var control = Sandbox.Control();
        var mark = await control.MarkAsync();
        var (r, _) = await RunNewSwarmNode(NewSwarmNodeScopes.Where(s => s != "actions:read").ToArray(), control);

        Assert.Contains("MissingScope,SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        var calls = await control.RequestsSinceAsync(mark);
        Assert.Contains(calls, c => c.Status == 403 && c.Path == "/v2/actions");
        Assert.DoesNotContain(calls, c => c.Method != "GET");
    }

    [Fact]
    public async Task A_session_token_can_be_given_only_some_scopes()
    {
        using var server = Sandbox.Start(new SandboxLaunchOptions { ApiOnly = true, BootSeconds = 0, TokenScopes = ["droplet:read"] });
        using var api = Sandbox.Client(server);
        await api.Droplets.ListAsync(default);
        Assert.Equal(403, (await Assert.ThrowsAsync<DigitalOceanException>(() => api.Account.GetAsync(default))).StatusCode);
    }

    private static async Task<(PowerShellSession.Result Result, List<SwarmTools.Engine.DigitalOcean.Models.Droplet> Created)> RunNewSwarmNode(
        string[] scopes, SandboxControl? control = null)
    {
        using var own = control is null ? Sandbox.Control() : null;
        var token = await (control ?? own!).MintTokenAsync(scopes);
        var tag = Sandbox.UniqueTag();
        using var ps = SandboxSession.Open();
        var r = ps.Invoke("New-SwarmNode -WaitFor Active -Name s1 -SwarmTag $tag -SshKey $key -Token (ConvertTo-SecureString $token -AsPlainText -Force)",
            new Dictionary<string, object?> { ["tag"] = tag, ["key"] = TestKeys.NewPublicKey(), ["token"] = token });
        using var api = Sandbox.Client();
        return (r, await api.Droplets.ListByTagAsync(tag, default));
    }
}
