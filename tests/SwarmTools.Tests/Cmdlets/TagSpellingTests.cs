using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// Tags are "case stable" (the spec's tag description): the first spelling is canonical and a
/// lookup must use it. The sandbox finds nothing under another spelling; the module looks the
/// tag up in the account's spelling and says so.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class TagSpellingTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    [Fact]
    public async Task The_sandbox_lists_by_the_canonical_spelling_only_and_a_create_in_another_spelling_gets_the_first()
    {
        using var api = Sandbox.Client();
        var canonical = "Case-" + Sandbox.UniqueTag();
        var other = canonical.ToLowerInvariant();
        await api.Tags.CreateAsync(canonical, default);

        var created = await api.Droplets.CreateAsync(Request(other, "cs1"), default);

        Assert.Equal([canonical], created.Droplets.Single().Tags);
        Assert.Single(await Raw(api, canonical));
        Assert.Empty(await Raw(api, other)); // not found under another spelling
        Assert.Equal(canonical, (await api.Tags.CreateAsync(other, default)).Name);
        await Sandbox.DeleteByTagOnceCreatedAsync(api, canonical);
    }

    [Fact]
    public async Task The_client_lists_and_deletes_by_the_accounts_spelling_and_says_so()
    {
        using var api = Sandbox.Client();
        var notices = new List<string>();
        api.Connection.Notice = notices.Add;
        var canonical = "Case-" + Sandbox.UniqueTag();
        var other = canonical.ToLowerInvariant();
        await api.Droplets.CreateAsync(Request(canonical, "cs2"), default);

        var listed = await api.Droplets.ListByTagAsync(other, default);

        Assert.Single(listed);
        var notice = Assert.Single(notices);
        Assert.Contains($"'{other}' is spelled '{canonical}'", notice);
        await Sandbox.DeleteByTagOnceCreatedAsync(api, other);
        for (var i = 0; i < 100 && (await Raw(api, canonical)).Count > 0; i++) await Task.Delay(100); // deletes are asynchronous
        Assert.Empty(await Raw(api, canonical));
        Assert.Single(notices); // said once per tag
    }

    [Fact]
    public async Task The_same_spelling_says_nothing()
    {
        using var api = Sandbox.Client();
        var notices = new List<string>();
        api.Connection.Notice = notices.Add;
        var tag = Sandbox.UniqueTag();
        await api.Droplets.CreateAsync(Request(tag, "cs3"), default);

        Assert.Single(await api.Droplets.ListByTagAsync(tag, default));
        Assert.Empty(await api.Droplets.ListByTagAsync("never-" + tag, default)); // a tag that does not exist: nothing, silently
        Assert.Empty(notices);
        await Sandbox.DeleteByTagOnceCreatedAsync(api, tag);
    }

    [Fact]
    public async Task Get_SwarmNode_in_another_spelling_finds_the_nodes_and_warns()
    {
        var canonical = "Case-" + Sandbox.UniqueTag();
        using var ps = SandboxSession.Open();
        var vars = new Dictionary<string, object?> { ["tag"] = canonical, ["other"] = canonical.ToLowerInvariant(), ["key"] = Key };
        Assert.Empty(ps.Invoke("New-SwarmNode -WaitFor Active -Count 2 -SwarmTag $tag -SshKey $key", vars).Errors);

        var r = ps.Invoke("Get-SwarmNode -Tag $other", vars);

        Assert.Equal(2, r.Output.Count);
        Assert.Contains(r.Warnings, w => w.Contains($"spelled '{canonical}'"));
        Assert.Empty(ps.Invoke("Get-SwarmNode -Tag $tag | Remove-SwarmNode -Force -DropletOnly", vars).Errors);
    }

    private static DropletCreateRequest Request(string tag, string name) =>
        new() { Names = [name], Region = "nyc3", Size = "s-1vcpu-1gb", Image = "docker-24-04", Tags = [tag] };

    // A list by tag as sent, without the client's lookup of the spelling.
    private static Task<List<Droplet>> Raw(DigitalOceanClient api, string tag) =>
        api.Connection.ListAsync<Droplet>("v2/droplets?tag_name=" + Uri.EscapeDataString(tag), "droplets", default);
}
