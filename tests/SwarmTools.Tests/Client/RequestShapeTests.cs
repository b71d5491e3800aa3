using System.Text.Json.Nodes;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>What the module sends is what the API reads: ids as JSON numbers (the spec's oneOf integer | string).</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class RequestShapeTests
{
    [Fact]
    public async Task An_image_and_a_key_given_by_id_go_as_JSON_numbers_and_the_create_succeeds()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var tag = Sandbox.UniqueTag();
        var image = (await api.Images.FindAsync("docker-24-04", default))!;
        var key = await api.Keys.CreateAsync(tag, File.ReadAllText(TestKeys.NewPublicKey()).Trim(), default);
        var mark = await control.MarkAsync();

        var created = await api.Droplets.CreateAsync(new DropletCreateRequest
        {
            Names = ["id1"], Region = "nyc3", Size = "s-1vcpu-1gb", Tags = [tag],
            Image = image.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            SshKeys = [key.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), key.Fingerprint],
        }, default);

        Assert.Single(created.Droplets);
        var post = Assert.Single(await control.RequestsSinceAsync(mark), r => r.Method == "POST" && r.Path == "/v2/droplets");
        var body = JsonNode.Parse(post.RequestBody!)!;
        Assert.Equal(image.Id, body["image"]!.GetValue<long>());
        Assert.Equal(key.Id, body["ssh_keys"]![0]!.GetValue<long>());
        Assert.Equal(key.Fingerprint, body["ssh_keys"]![1]!.GetValue<string>()); // a fingerprint stays a string
        await Sandbox.DeleteByTagOnceCreatedAsync(api, tag);
        await api.Keys.DeleteAsync(key.Fingerprint, default);
    }

    [Fact]
    public void A_slug_goes_as_a_string()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new DropletCreateRequest { Names = ["s1"], Image = "docker-24-04" }, ApiJson.Options);
        Assert.Equal("docker-24-04", JsonNode.Parse(json)!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sandbox_reads_an_image_id_sent_as_a_string_as_a_slug_that_does_not_exist()
    {
        using var api = Sandbox.Client();
        var image = (await api.Images.FindAsync("docker-24-04", default))!;
        var asString = new { name = "ids1", region = "nyc3", size = "s-1vcpu-1gb", image = image.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Connection.PostAsync("v2/droplets", asString, default));
        Assert.Equal(422, e.StatusCode);
        Assert.Contains("invalid image", e.ApiMessage);
    }
}
