using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>Error answers become one exception type with status, API id, message and request id — never the token.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class ErrorMappingTests
{
    [Fact]
    public async Task A_404_carries_status_id_message_and_request_id()
    {
        using var api = Sandbox.Client();
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Actions.GetAsync(987654321, default));
        Assert.Equal(404, e.StatusCode);
        Assert.Equal("not_found", e.ErrorId);
        Assert.False(string.IsNullOrEmpty(e.ApiMessage));
        Assert.False(string.IsNullOrEmpty(e.RequestId));
        Assert.Contains(e.RequestId!, e.Message);
    }

    [Fact]
    public async Task Find_maps_404_to_null()
    {
        using var api = Sandbox.Client();
        Assert.Null(await api.Droplets.FindAsync(987654321, default));
        Assert.Null(await api.Keys.FindAsync("00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff", default));
    }

    [Fact]
    public async Task A_wrong_token_is_a_401_whose_message_does_not_contain_the_token()
    {
        var wrong = "dop_v1_" + new string('0', 61) + "bad"; // made here: no token-shaped literal in the repo
        using var api = Sandbox.Client(token: wrong);
        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.Account.GetAsync(default));
        Assert.Equal(401, e.StatusCode);
        Assert.Equal("unauthorized", e.ErrorId);
        Assert.DoesNotContain(wrong, e.ToString());
        Assert.DoesNotContain(Sandbox.Server.Token, e.ToString());
    }

    [Fact]
    public void Credentials_come_from_the_parameter_then_the_two_variables_and_their_absence_says_both_ways()
    {
        var env = new Dictionary<string, string?> { ["DIGITALOCEAN_ACCESS_TOKEN"] = "dop_v1_b" };
        Assert.Equal("$env:DIGITALOCEAN_ACCESS_TOKEN", ApiCredentials.Resolve(null, n => env.GetValueOrDefault(n)).TokenSource);
        env["DIGITALOCEAN_TOKEN"] = "dop_v1_a";
        Assert.Equal("$env:DIGITALOCEAN_TOKEN", ApiCredentials.Resolve(null, n => env.GetValueOrDefault(n)).TokenSource);
        Assert.Equal("-Token", ApiCredentials.Resolve("dop_v1_c", n => env.GetValueOrDefault(n)).TokenSource);

        var missing = Assert.Throws<MissingTokenException>(() => ApiCredentials.Resolve(null, _ => null));
        Assert.Contains("-Token", missing.Message);
        Assert.Contains("DIGITALOCEAN_TOKEN", missing.Message);
        Assert.Contains("DIGITALOCEAN_ACCESS_TOKEN", missing.Message);
    }

    [Fact]
    public void The_API_url_comes_from_the_variable_and_plain_http_is_for_loopback_only()
    {
        var env = new Dictionary<string, string?> { ["DIGITALOCEAN_TOKEN"] = "dop_v1_a" };
        Assert.Equal(new Uri("https://api.digitalocean.com/"), ApiCredentials.Resolve(null, n => env.GetValueOrDefault(n)).BaseUrl);
        env["DIGITALOCEAN_API_URL"] = "http://127.0.0.1:8080/v2/";
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), ApiCredentials.Resolve(null, n => env.GetValueOrDefault(n)).BaseUrl);
        env["DIGITALOCEAN_API_URL"] = "http://api.example.com";
        Assert.Throws<ArgumentException>(() => ApiCredentials.Resolve(null, n => env.GetValueOrDefault(n)));
    }
}
