using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.LocalSandbox;
using SwarmTools.Infrastructure;

namespace SwarmTools.Tests.Support;

/// <summary>
/// One sandbox server for the whole xUnit run (its request log feeds the contract test), started
/// from the built module folder exactly as Start-SwarmSandbox starts it. Api mode: these tests
/// are about the API; lab hosts have their own tests.
/// </summary>
public static class Sandbox
{
    private static readonly Lazy<SandboxServer> Shared = new(() => Start(new SandboxLaunchOptions
    {
        ApiOnly = true, BootSeconds = 0.5, DeleteSeconds = 1, DropletLimit = 10000, RatePerMinute = 100000,
    }));

    public static SandboxServer Server => Shared.Value;

    static Sandbox()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { if (Shared.IsValueCreated) Shared.Value.Dispose(); };
    }

    public static SandboxServer Start(SandboxLaunchOptions options)
    {
        var server = SandboxServer.StartAsync(RepoPaths.SandboxDll, options, TimeSpan.FromSeconds(60), CancellationToken.None).GetAwaiter().GetResult();
        ExchangeLogs.Started(server.ProcessId);
        return server;
    }

    /// <summary>A client of the shared sandbox with quick retries, so retry tests stay fast.</summary>
    public static DigitalOceanClient Client(SandboxServer? server = null, string? token = null)
    {
        server ??= Server;
        var retry = new RetryPolicy { BaseBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200) };
        return new DigitalOceanClient(new ApiConnection(server.ApiUrl, token ?? server.Token, retry));
    }

    public static SandboxControl Control(SandboxServer? server = null)
    {
        server ??= Server;
        return new SandboxControl(server.ApiUrl, server.Token);
    }

    /// <summary>
    /// Deletes a droplet once its create has ended: until then DigitalOcean (and the sandbox)
    /// refuses with 422 "Droplet already has a pending event".
    /// </summary>
    public static async Task DeleteOnceCreatedAsync(DigitalOceanClient api, long id)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while ((await api.Droplets.FindAsync(id, default))?.Status == "new" && DateTime.UtcNow < giveUp) await Task.Delay(100);
        await api.Droplets.DeleteAsync(id, default);
    }

    /// <summary>Waits until no droplet under the tag is 'new' any more: a delete before then is a 422 pending event.</summary>
    public static async Task WaitCreatedAsync(DigitalOceanClient api, string tag)
    {
        var giveUp = DateTime.UtcNow.AddSeconds(30);
        while ((await api.Droplets.ListByTagAsync(tag, default)).Any(d => d.Status == "new") && DateTime.UtcNow < giveUp) await Task.Delay(100);
    }

    /// <summary>Deletes the droplets under a tag once their creates have ended.</summary>
    public static async Task DeleteByTagOnceCreatedAsync(DigitalOceanClient api, string tag)
    {
        await WaitCreatedAsync(api, tag);
        await api.Droplets.DeleteByTagAsync(tag, default);
    }

    /// <summary>A tag no other test uses, so tests never see each other's droplets.</summary>
    public static string UniqueTag(string prefix = "t") => $"{prefix}-{Guid.NewGuid():N}"[..20];
}
