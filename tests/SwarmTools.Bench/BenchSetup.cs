using System.Diagnostics;
using SwarmTools.Engine.LocalSandbox;

namespace SwarmTools.Bench;

/// <summary>The built module, its sandbox, and a throwaway SSH key and trust store for the benchmark.</summary>
public sealed class BenchSetup : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("swarmtools-bench-").FullName;
    private int _knownHosts;

    public BenchSetup(string moduleFolder)
    {
        Manifest = Path.Combine(moduleFolder, "SwarmTools.psd1");
        SandboxDll = Path.Combine(moduleFolder, "sandbox", "SwarmTools.Sandbox.dll");
        if (!File.Exists(Manifest)) throw new BenchFailure($"No module at {Manifest}: build it first (dotnet pwsh ./build.ps1 build).");
        var key = Path.Combine(_work, "id_ed25519");
        using (var keygen = Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "swarmtools-bench", "-f", key]))
            keygen.WaitForExit();
        PrivateKey = key;
    }

    public string Manifest { get; }
    public string SandboxDll { get; }
    public string PrivateKey { get; }
    public string PublicKey => PrivateKey + ".pub";

    /// <summary>A known_hosts file of its own for each scenario: lab addresses are handed out again after a teardown.</summary>
    public string FreshKnownHosts() => Path.Combine(_work, $"known_hosts.{Interlocked.Increment(ref _knownHosts)}");

    /// <summary>A runspace with the module, pointed at <paramref name="server"/>, using the benchmark's key.</summary>
    public ModuleSession OpenSession(SandboxServer server)
    {
        Environment.SetEnvironmentVariable("DIGITALOCEAN_API_URL", server.ApiUrl.ToString());
        Environment.SetEnvironmentVariable("DIGITALOCEAN_TOKEN", server.Token);
        var session = new ModuleSession(Manifest, new Dictionary<string, string>
        {
            ["*-Swarm*:IdentityFile"] = PrivateKey,
            ["*-Swarm*:KnownHostsFile"] = FreshKnownHosts(),
        });
        return session;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
