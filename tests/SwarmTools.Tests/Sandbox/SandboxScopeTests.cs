using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.SandboxApi; // not ".Sandbox": that would hide Support.Sandbox in every test namespace

/// <summary>The sandbox asks for the scopes the spec names (SpecScopes.g.cs), associated ones included.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class SandboxScopeTests
{
    [Fact]
    public async Task Deleting_by_tag_needs_tag_read_as_the_operation_description_says()
    {
        using var control = Sandbox.Control();
        using var without = Sandbox.Client(token: await control.MintTokenAsync("droplet:delete"));
        using var with = Sandbox.Client(token: await control.MintTokenAsync("droplet:delete", "tag:read"));
        var tag = Sandbox.UniqueTag();
        using var api = Sandbox.Client();
        await api.Droplets.CreateAsync(Create(tag), default);

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => without.Connection.DeleteAsync("v2/droplets?tag_name=" + tag, default));
        Assert.Equal(403, e.StatusCode);
        await Sandbox.WaitCreatedAsync(api, tag); // before then, a pending event (422)
        await with.Connection.DeleteAsync("v2/droplets?tag_name=" + tag, default); // positive control
    }

    [Fact]
    public async Task A_droplet_create_needs_image_read_for_its_image()
    {
        using var control = Sandbox.Control();
        using var without = Sandbox.Client(token: await control.MintTokenAsync("droplet:create", "tag:create"));
        using var with = Sandbox.Client(token: await control.MintTokenAsync("droplet:create", "tag:create", "image:read"));
        var tag = Sandbox.UniqueTag();

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => without.Droplets.CreateAsync(Create(tag), default));
        Assert.Equal(403, e.StatusCode);
        Assert.Contains("image:read", e.Message); // and the module names it
        Assert.Single((await with.Droplets.CreateAsync(Create(tag), default)).Droplets);
        using var api = Sandbox.Client();
        await Sandbox.DeleteByTagOnceCreatedAsync(api, tag);
    }

    private static DropletCreateRequest Create(string tag) =>
        new() { Names = ["sc1"], Region = "nyc3", Size = "s-1vcpu-1gb", Image = "docker-24-04", Tags = [tag] };
}
