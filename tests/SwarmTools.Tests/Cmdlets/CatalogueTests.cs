using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>
/// New-SwarmNode against a catalogue as uneven as DigitalOcean's: 1-Click images listed only as
/// applications, a retired slug, images and sizes missing from some regions, a size too small for
/// the Docker images, a closed region, GPU droplets left out of the plain list.
/// </summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class CatalogueTests
{
    private static readonly string Key = TestKeys.NewPublicKey();

    private static Dictionary<string, object?> Vars(string tag) => new() { ["tag"] = tag, ["key"] = Key };

    [Fact]
    public async Task The_sandbox_lists_1_Click_images_as_applications_only_and_the_retired_slug_is_gone()
    {
        using var api = Sandbox.Client();
        var applications = await api.Images.ListByTypeAsync("application", default);
        var distributions = await api.Images.ListByTypeAsync("distribution", default);

        Assert.Contains(applications, i => i.Slug == "docker-22-04" && !i.Public);
        Assert.DoesNotContain(distributions, i => i.Slug!.StartsWith("docker-"));
        Assert.DoesNotContain(applications, i => i.Slug == "docker-20-04");
        Assert.Null(await api.Images.FindAsync("docker-20-04", default));
        Assert.DoesNotContain("blr1", applications.Single(i => i.Slug == "docker-24-04").Regions);
    }

    [Theory]
    [InlineData("nyc3", "docker-24-04")]
    [InlineData("blr1", "docker-22-04")]
    public void The_default_image_is_the_newest_Docker_image_the_region_offers(string region, string expected)
    {
        using var ps = SandboxSession.Open();
        var tag = Sandbox.UniqueTag();

        var r = ps.Invoke($"New-SwarmNode -WaitFor Active -Name d1 -Region {region} -SwarmTag $tag -SshKey $key", Vars(tag));

        Assert.Empty(r.Errors);
        Assert.Equal(expected, Assert.IsType<SwarmNode>(Assert.Single(r.Output).BaseObject).Image);
    }

    [Theory]
    [InlineData("-Image docker-20-04", "InvalidImage", "docker-24-04, docker-22-04")]
    [InlineData("-Region blr1 -Image docker-24-04", "ImageUnavailable", "Docker images in blr1: docker-22-04")]
    [InlineData("-Region blr1 -Size s-8vcpu-16gb", "SizeUnavailable", "Sizes in blr1: s-1vcpu-512mb-10gb, s-1vcpu-1gb")]
    [InlineData("-Size s-1vcpu-512mb-10gb", "DiskTooSmall", "Sizes in nyc3 with enough disk: s-1vcpu-1gb")]
    [InlineData("-Region sfo1", "RegionUnavailable", "Use one of: ams3, blr1")]
    public async Task What_the_region_does_not_offer_is_refused_naming_what_it_does_before_anything_is_created(
        string arguments, string errorId, string named)
    {
        using var ps = SandboxSession.Open();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var mark = await control.MarkAsync();

        var r = ps.Invoke($"New-SwarmNode -WaitFor Active -SwarmTag $tag -SshKey $key {arguments}", Vars(tag));

        var error = Assert.Single(r.Errors);
        Assert.Equal($"{errorId},SwarmTools.Commands.NewSwarmNode", error.FullyQualifiedErrorId);
        Assert.Contains(named, error.Exception.Message);
        Assert.Empty(r.Output);
        var calls = await control.RequestsSinceAsync(mark);
        Assert.Contains(calls, c => c.Path == "/v2/regions");
        Assert.DoesNotContain(calls, c => c.Method != "GET");
    }

    [Fact]
    public async Task GPU_droplets_which_the_plain_list_leaves_out_count_against_the_droplet_limit()
    {
        using var server = Sandbox.Start(new SandboxLaunchOptions { ApiOnly = true, DropletLimit = 2, BootSeconds = 0 });
        using var api = Sandbox.Client(server);
        using var control = Sandbox.Control(server);
        await api.Droplets.CreateAsync(new DropletCreateRequest { Names = { "gpu1" }, Region = "tor1", Size = "gpu-h100x1-80gb", Image = "ubuntu-24-04-x64" }, default);
        await api.Droplets.CreateAsync(new DropletCreateRequest { Names = { "plain1" }, Region = "tor1", Size = "s-1vcpu-1gb", Image = "ubuntu-24-04-x64" }, default);
        Assert.Single(await api.Droplets.ListAsync(default)); // the plain list alone would leave room for one more
        using var ps = new PowerShellSession();

        var r = ps.Invoke(
            "$env:DIGITALOCEAN_API_URL = $url; New-SwarmNode -WaitFor Active -Name one -SshKey $key -Token (ConvertTo-SecureString $token -AsPlainText -Force)",
            new Dictionary<string, object?> { ["url"] = server.ApiUrl.ToString(), ["token"] = server.Token, ["key"] = Key });
        Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", Sandbox.Server.ApiUrl.ToString());

        Assert.Contains("DropletLimitExceeded,SwarmTools.Commands.NewSwarmNode", r.ErrorIds);
        Assert.Contains("2 exist", Assert.Single(r.Errors).Exception.Message);
        Assert.DoesNotContain(await control.RequestsAsync(), c => c.Method == "POST" && c.Path == "/v2/droplets" && c.Status < 300 && c.RequestBody!.Contains("\"one\""));
    }

    [Fact]
    public async Task The_shared_sandbox_lists_GPU_droplets_only_when_asked()
    {
        using var api = Sandbox.Client();
        var tag = Sandbox.UniqueTag();
        var created = await api.Droplets.CreateAsync(new DropletCreateRequest { Names = { "g1" }, Region = "tor1", Size = "gpu-h100x1-80gb", Image = "ubuntu-24-04-x64", Tags = { tag } }, default);
        var id = created.Droplets.Single().Id;

        Assert.DoesNotContain(await api.Droplets.ListAsync(default), d => d.Id == id);
        Assert.Contains(await api.Connection.ListAsync<Droplet>("v2/droplets?type=gpus", "droplets", default), d => d.Id == id);
        Assert.True(await api.Droplets.CountAsync(default) >= 1);
        await Sandbox.DeleteOnceCreatedAsync(api, id);
    }
}
