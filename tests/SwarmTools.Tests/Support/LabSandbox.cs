using SwarmTools.Engine.LocalSandbox;

namespace SwarmTools.Tests.Support;

/// <summary>
/// The lab sandbox: its droplets boot as real hosts (sshd, dockerd, ufw in network namespaces).
/// One per machine (they share the lab's gateway address), shared by every lab test. Without root
/// a lab test is skipped ("needs root"), except where it is required (see <see cref="Requirements"/>).
/// </summary>
public static class LabSandbox
{
    private static Lazy<SandboxServer> Shared = new(Start);

    static LabSandbox()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { if (Shared.IsValueCreated) Shared.Value.Dispose(); };
    }

    public static SandboxServer Server
    {
        get { Requirements.Root(); return Shared.Value; }
    }

    public static SandboxServer Start()
    {
        Requirements.Root();
        var server = SandboxServer.StartAsync(RepoPaths.SandboxDll,
            new SandboxLaunchOptions { ApiOnly = false, BootSeconds = 1, DeleteSeconds = 1, SshdDelaySeconds = 0.5, DockerdDelaySeconds = 0.5, DropletLimit = 200, RatePerMinute = 100000 },
            TimeSpan.FromSeconds(120), CancellationToken.None).GetAwaiter().GetResult();
        ExchangeLogs.Started(server.ProcessId);
        return server;
    }

    /// <summary>Stops the shared lab (one lab runs per machine) so a test can run its own; the next user starts it again.</summary>
    public static void StopShared()
    {
        if (Shared.IsValueCreated) Shared.Value.Dispose();
        Shared = new(Start);
    }

    /// <summary>A runspace with the module, pointed at the lab sandbox.</summary>
    public static PowerShellSession Open()
    {
        Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", Server.ApiUrl.ToString());
        Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", Server.Token);
        return new PowerShellSession();
    }

    public static SandboxControl Control() => new(Server.ApiUrl, Server.Token);

    /// <summary>A client of the lab sandbox, for what the module does not do (a bare delete).</summary>
    public static SwarmTools.Engine.DigitalOcean.DigitalOceanClient Client() => Sandbox.Client(Server);

    /// <summary>A fresh known_hosts file, so a test trusts only what it pinned itself (lab addresses are reused).</summary>
    public static string NewKnownHosts() => Path.Combine(Directory.CreateTempSubdirectory("swarmtools-kh-").FullName, "known_hosts");
}
