using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Cmdlets;

/// <summary>What a hostile or broken API endpoint answers is data: it never becomes a host pattern, and the token never follows its links.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class ApiTrustTests
{
    private static string Droplets(string publicAddress, string? next = null) => System.Text.Json.JsonSerializer.Serialize(new
    {
        droplets = new[]
        {
            new
            {
                id = 7, name = "evil1", status = "active", tags = new[] { "swarmtools" }, created_at = "2026-01-01T00:00:00Z",
                networks = new
                {
                    v4 = new[]
                    {
                        new { ip_address = publicAddress, netmask = "255.255.128.0", gateway = "198.18.0.1", type = "public" },
                        new { ip_address = "198.19.0.9", netmask = "255.255.240.0", gateway = "198.19.0.1", type = "private" },
                    },
                    v6 = Array.Empty<object>(),
                },
            },
        },
        links = next is null ? new object() : new { pages = new { next } },
        meta = new { total = 2 },
    });

    [Theory]
    [InlineData("*")]
    [InlineData("198.18.0.*")]
    [InlineData("localhost")]
    public void An_address_that_is_not_an_IP_literal_never_becomes_an_ssh_host_or_a_known_hosts_line(string address)
    {
        using var hostile = new FakeEndpoint(r => r.Url!.AbsolutePath == "/v2/droplets" ? (200, Droplets(address), null) : (404, """{"id":"not_found","message":"no"}""", null));
        var kh = Path.Combine(Directory.CreateTempSubdirectory("swarmtools-kh-").FullName, "known_hosts");
        var saved = (Environment.GetEnvironmentVariable("DIGITALOCEAN_API_URL"), Environment.GetEnvironmentVariable("DIGITALOCEAN_TOKEN"));
        try
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", hostile.Url.ToString());
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", "dop_v1_" + new string('0', 64));
            using var ps = new PowerShellSession();
            var vars = new Dictionary<string, object?> { ["kh"] = kh, ["id"] = TestKeys.NewPublicKey()[..^4] };

            var listed = ps.Invoke("Get-SwarmNode", vars);
            Assert.Equal(address, Assert.IsType<SwarmNode>(Assert.Single(listed.Output).BaseObject).PublicAddress); // the hostile answer did arrive
            var r = ps.Invoke("Get-SwarmNode | Invoke-SwarmCommand -TrustOnFirstUse -KnownHostsFile $kh -IdentityFile $id -Command hostname", vars);
            var formed = ps.Invoke("Get-SwarmNode | Initialize-Swarm -TrustOnFirstUse -KnownHostsFile $kh -IdentityFile $id", vars);

            Assert.Contains("InvalidAddress,SwarmTools.Commands.InvokeSwarmCommand", r.ErrorIds);
            Assert.Contains(formed.ErrorIds, id => id.StartsWith("InvalidAddress,"));
            Assert.False(File.Exists(kh), "nothing may be written to known_hosts");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", saved.Item1);
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", saved.Item2);
        }
    }

    [Fact]
    public async Task Pagination_links_to_another_origin_are_refused_and_the_token_never_goes_there()
    {
        var token = "dop_v1_" + Convert.ToHexString(Guid.NewGuid().ToByteArray()).ToLowerInvariant(); // made at run time: no token-shaped literal in the repository
        using var foreign = new FakeEndpoint(_ => (200, Droplets("198.18.0.9"), null));
        FakeEndpoint? self = null;
        using var sameOrigin = self = new FakeEndpoint(r => (200, Droplets("198.18.0.8", r.QueryString["page"] == "2" ? null : self!.Url + "v2/droplets?page=2"), null));
        using var toForeign = new FakeEndpoint(_ => (200, Droplets("198.18.0.8", foreign.Url + "v2/droplets?page=2"), null));
        using var redirecting = new FakeEndpoint(_ => (302, "", foreign.Url + "v2/droplets"));
        DigitalOceanClient Client(FakeEndpoint e) => new(new ApiConnection(e.Url, token, new RetryPolicy { MaxAttempts = 1 }));

        // The control: a link to the API's own origin is followed, with the token.
        using (var api = Client(sameOrigin)) Assert.Equal(2, (await api.Droplets.ListAsync(default)).Count);
        Assert.Equal(2, sameOrigin.Requests.Count);
        Assert.All(sameOrigin.Requests, r => Assert.Equal("Bearer " + token, r.Authorization));

        using (var api = Client(toForeign))
        {
            var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Droplets.ListAsync(default));
            Assert.Contains("not the API's origin", e.Message);
        }
        Assert.Empty(foreign.Requests);

        // A redirect elsewhere may be followed, but never with the token.
        using (var api = Client(redirecting)) await Record.ExceptionAsync(() => api.Droplets.ListAsync(default));
        Assert.All(foreign.Requests, r => Assert.Null(r.Authorization));
    }
}
