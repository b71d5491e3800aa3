using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.SandboxApi; // not ".Sandbox": that would hide Support.Sandbox in every test namespace

/// <summary>Every 422 the API gives for a bad create, with DigitalOcean's wording, through the client.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class ValidationTests
{
    private static async Task<DigitalOceanException> Rejected(object body)
    {
        using var api = Sandbox.Client();
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Connection.PostAsync("v2/droplets", body, default));
        Assert.Equal(422, e.StatusCode);
        Assert.Equal("unprocessable_entity", e.ErrorId);
        return e;
    }

    private static object Body(string name = "v1", string region = "nyc3", string size = "s-1vcpu-1gb", string image = "docker-24-04",
        string[]? keys = null, string? userData = null) =>
        new { name, region, size, image, ssh_keys = keys, user_data = userData, tags = new[] { "validation" } };

    [Fact]
    public async Task Invalid_region() =>
        Assert.Contains("invalid region", (await Rejected(Body(region: "mars1"))).ApiMessage);

    [Fact]
    public async Task Invalid_size() =>
        Assert.Equal("You specified an invalid size for Droplet creation.", (await Rejected(Body(size: "s-64vcpu-1tb"))).ApiMessage);

    [Fact]
    public async Task Invalid_image() =>
        Assert.Contains("invalid image", (await Rejected(Body(image: "windows-95"))).ApiMessage);

    [Fact]
    public async Task A_retired_image() =>
        Assert.Contains("invalid image", (await Rejected(Body(image: "docker-20-04"))).ApiMessage);

    [Fact]
    public async Task An_image_the_region_does_not_offer() =>
        Assert.Contains("not available in the blr1 region", (await Rejected(Body(region: "blr1", image: "docker-24-04"))).ApiMessage);

    [Fact]
    public async Task A_size_the_region_does_not_offer() =>
        Assert.Contains("not available in this region", (await Rejected(Body(region: "blr1", size: "s-8vcpu-16gb"))).ApiMessage);

    [Fact]
    public async Task A_size_whose_disk_is_smaller_than_the_image_needs() =>
        Assert.Contains("at least 25 GB", (await Rejected(Body(size: "s-1vcpu-512mb-10gb"))).ApiMessage);

    [Fact]
    public async Task Bad_name() =>
        Assert.Contains("Only valid hostname characters are allowed", (await Rejected(Body(name: "node_1!"))).ApiMessage);

    [Fact]
    public async Task More_than_ten_names()
    {
        var body = new { names = Enumerable.Range(1, 11).Select(i => $"n{i}").ToArray(), region = "nyc3", size = "s-1vcpu-1gb", image = "docker-24-04" };
        Assert.Contains("10", (await Rejected(body)).ApiMessage);
    }

    [Fact]
    public async Task The_client_refuses_more_than_ten_names_before_sending()
    {
        using var api = Sandbox.Client();
        var request = DropletRequests.Create("t", Enumerable.Range(1, 11).Select(i => $"n{i}"));
        await Assert.ThrowsAsync<ArgumentException>(() => api.Droplets.CreateAsync(request, default));
    }

    [Fact]
    public async Task Unknown_ssh_key() =>
        Assert.Contains("invalid key identifiers", (await Rejected(Body(keys: new[] { "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff" }))).ApiMessage);

    [Fact]
    public async Task User_data_over_64_KiB() =>
        await Rejected(Body(userData: "#cloud-config\n" + new string('x', 64 * 1024)));

    [Fact]
    public async Task Duplicate_key_material()
    {
        using var api = Sandbox.Client();
        var key = File.ReadAllText(TestKeys.NewPublicKey()).Trim();
        await api.Keys.CreateAsync("first", key, default);
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Keys.CreateAsync("second", key, default));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains("already in use", e.ApiMessage);
    }

    [Fact]
    public async Task Droplet_limit_exceeded()
    {
        using var server = Sandbox.Start(new SandboxLaunchOptions { ApiOnly = true, DropletLimit = 2, BootSeconds = 0 });
        using var api = Sandbox.Client(server);
        var request = DropletRequests.Create("limit", new[] { "a", "b", "c" });
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Droplets.CreateAsync(request, default));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains("droplet limit", e.ApiMessage);
        Assert.Empty(await api.Droplets.ListAsync(default));
    }
}
