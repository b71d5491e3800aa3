using System.Net;
using System.Net.Http.Headers;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>A key is looked up by its MD5 fingerprint with the colons as they are, as godo sends them.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class KeyLookupTests
{
    [Fact]
    public async Task The_fingerprint_goes_with_raw_colons_which_the_sandbox_tells_apart_from_escaped_ones()
    {
        using var api = Sandbox.Client();
        var line = File.ReadAllText(TestKeys.NewPublicKey()).Trim();
        var uploaded = await api.Keys.CreateAsync("lookup", line, default);

        var found = await api.Keys.FindAsync(uploaded.Fingerprint, default);

        Assert.Equal(uploaded.Id, found?.Id);
        // Positive control: the same lookup with %3A finds nothing, so a client escaping the colons would fail above.
        using var http = new HttpClient { BaseAddress = Sandbox.Server.ApiUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sandbox.Server.Token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("v2/account/keys/" + uploaded.Fingerprint)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("v2/account/keys/" + uploaded.Fingerprint.Replace(":", "%3A"))).StatusCode);
        await api.Keys.DeleteAsync(uploaded.Fingerprint, default);
        Assert.Null(await api.Keys.FindAsync(uploaded.Fingerprint, default));
    }
}
