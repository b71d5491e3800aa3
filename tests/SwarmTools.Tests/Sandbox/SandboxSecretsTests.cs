using System.Net.Http.Headers;
using System.Text;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Ssh;
using SwarmTools.Tests.Support;
using SwarmTools.Infrastructure;

namespace SwarmTools.Tests.SandboxApi; // not ".Sandbox": that would hide Support.Sandbox in every test namespace

/// <summary>What the sandbox keeps and inherits: no user token, no private key in its logs, nothing from unauthenticated callers.</summary>
[Trait("Category", "Sandbox")]
[Collection(SandboxCollection.Name)]
public sealed class SandboxSecretsTests
{
    [Fact]
    public void The_sandbox_process_does_not_inherit_the_users_real_token()
    {
        const string real = "dop_v1_users0real0token0that0must0stay0with0the0user";
        var saved = (Environment.GetEnvironmentVariable("DIGITALOCEAN_API_URL"), Environment.GetEnvironmentVariable("DIGITALOCEAN_TOKEN"), Environment.GetEnvironmentVariable("DIGITALOCEAN_ACCESS_TOKEN"));
        try
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", real);
            Environment.SetEnvironmentVariable("DIGITALOCEAN_ACCESS_TOKEN", real);
            string[] environment;
            using (var server = Sandbox.Start(new SwarmTools.Engine.LocalSandbox.SandboxLaunchOptions { ApiOnly = true })) // as Start-SwarmSandbox starts it
                environment = File.ReadAllText($"/proc/{server.ProcessId}/environ").Split('\0');

            Assert.Contains(environment, v => v.StartsWith("SWARMTOOLS_SANDBOX_TOKEN=dop_v1_")); // the reading works: its own token is there
            Assert.DoesNotContain(environment, v => v.Contains(real));
        }
        finally
        {
            Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", saved.Item1);
            Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", saved.Item2);
            Environment.SetEnvironmentVariable("DIGITALOCEAN_ACCESS_TOKEN", saved.Item3);
        }
    }

    [Fact]
    public async Task Private_keys_in_user_data_are_redacted_in_the_request_log_and_the_droplet_view()
    {
        using var api = Sandbox.Client();
        using var control = Sandbox.Control();
        var key = HostKeyPair.GenerateEd25519("swarmtools");
        var secret = key.PrivateKeyPem.Split('\n')[2]; // a line of the key itself, not of the format's header
        var request = DropletRequests.Create(Sandbox.UniqueTag(), new[] { "pk1" });
        request.UserData = HostKeyUserData.With("#cloud-config\nruncmd:\n  - echo hi\n", key);
        var mark = await control.MarkAsync();

        var created = await api.Droplets.CreateAsync(request, default);

        var post = Assert.Single(await control.RequestsSinceAsync(mark), c => c.Method == "POST" && c.Path == "/v2/droplets");
        Assert.Contains("ed25519_public", post.RequestBody); // the body is logged: the scan below looks at it
        Assert.Contains("echo hi", post.RequestBody);
        Assert.DoesNotContain(secret, post.RequestBody);
        Assert.DoesNotContain("PRIVATE KEY", post.RequestBody!.Replace("[private key redacted]", ""));
        var view = (await control.DropletsAsync()).Single(d => (long)d!["id"]! == created.Droplets[0].Id)!.ToJsonString();
        Assert.Contains("ed25519_public", view);
        Assert.DoesNotContain(secret, view);
        await Sandbox.DeleteOnceCreatedAsync(api, created.Droplets[0].Id);
    }

    [Fact]
    public async Task Nothing_an_unauthenticated_caller_sends_is_logged()
    {
        using var control = Sandbox.Control();
        var mark = await control.MarkAsync();
        using var http = new HttpClient { BaseAddress = Sandbox.Server.ApiUrl };
        async Task<int> PostAsync(string token, string marker)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v2/droplets")
            {
                Content = new StringContent($"{{\"name\":\"{marker}\"}}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return (int)(await http.SendAsync(request)).StatusCode;
        }

        Assert.Equal(401, await PostAsync("dop_v1_wrong", "unauthenticated-marker"));
        Assert.Equal(422, await PostAsync(Sandbox.Server.Token, "authenticated-marker")); // refused, but logged

        var logged = await control.RequestsSinceAsync(mark);
        Assert.Contains(logged, c => c.RequestBody?.Contains("authenticated-marker") == true && c.Status == 422);
        Assert.DoesNotContain(logged, c => c.RequestBody?.Contains("unauthenticated-marker") == true);
        Assert.DoesNotContain(logged, c => c.Status == 401);
    }
}
