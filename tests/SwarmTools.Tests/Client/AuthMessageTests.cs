using System.Text.RegularExpressions;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Infrastructure;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>
/// A 401 and a 403 say what may have caused them and what to do (the API says neither), and the
/// User-Agent names the module's real version.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class AuthMessageTests
{
    [Fact]
    public async Task A_revoked_token_is_a_401_that_says_the_token_expired_or_was_revoked_and_how_to_make_a_new_one()
    {
        using var control = Sandbox.Control();
        var token = await control.MintTokenAsync("api:write");
        using var api = Sandbox.Client(token: token);
        await api.Account.GetAsync(default); // it worked before
        await control.RevokeTokenAsync(token);

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Account.GetAsync(default));

        Assert.Equal(401, e.StatusCode);
        Assert.Contains("expired or revoked", e.Message);
        Assert.Contains(ApiConnection.TokensPage, e.Message);
        Assert.Contains("-Token", e.Message);
        Assert.DoesNotContain(token, e.ToString());
        var record = ErrorRecords.From(e);
        Assert.Equal(ErrorIds.ApiUnauthorized, record.FullyQualifiedErrorId);
        Assert.Contains("make a new one", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task A_403_says_it_may_come_from_the_token_scopes_or_the_team_role()
    {
        using var control = Sandbox.Control();
        using var api = Sandbox.Client(token: await control.MintTokenAsync("droplet:read"));

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Regions.ListAsync(default));

        Assert.Equal(403, e.StatusCode);
        Assert.Contains("lacks a scope (this request needs the scope regions:read)", e.Message);
        Assert.Contains("your role on the team", e.Message);
        Assert.Contains("team owner", ErrorRecords.From(e).ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task The_user_agent_carries_the_version_of_the_module_manifest()
    {
        var manifest = File.ReadAllText(Path.Combine(RepoPaths.Root, "SwarmTools.psd1"));
        var version = Regex.Match(manifest, @"ModuleVersion\s*=\s*'([^']+)'").Groups[1].Value;
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
        using var endpoint = new FakeEndpoint(_ => (200, """{"account":{"droplet_limit":1,"email":"a@example.com","status":"active"}}""", null));
        using var api = new DigitalOceanClient(new ApiConnection(endpoint.Url, "dop_v1_ua"));

        await api.Account.GetAsync(default);

        Assert.True(endpoint.UserAgents.TryDequeue(out var userAgent));
        Assert.Equal($"SwarmTools/{version}", userAgent);
    }
}
