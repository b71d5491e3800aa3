using System.Collections.Concurrent;
using System.Runtime.Versioning;
using SwarmTools.Sandbox.Keys;
using SwarmTools.Sandbox.Lab;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Hosts;

/// <summary>
/// lab mode: every droplet boots as a real host through lab.sh (Lab/README.md). Droplet ids map
/// to short host ids (a base36 counter: interface names are limited to 15 characters), each
/// with its statedir under the sandbox's own directory. Disposing removes the whole lab.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabDropletHosts : IDropletHosts, IAsyncDisposable
{
    // Parallel host-ups partly serialize inside lab.sh. Measured on 2 vCPUs, ten droplets in one
    // request: 10 at a time, the hosts' namespaces were ready after 4.4-8.4 s and docker answered
    // after 7.4-11.3 s; 4 at a time, 2.0-8.2 s and 5.8-10.7 s (first droplets sooner, less load).
    private const int ParallelHostUps = 4;

    private readonly LabSession _lab;
    private readonly SandboxOptions _options;
    private readonly ConcurrentDictionary<long, LabHostFacts> _hosts = new();
    private readonly SemaphoreSlim _hostUps = new(ParallelHostUps);
    private long _lastHostNumber;

    private LabDropletHosts(LabSession lab, SandboxOptions options)
    {
        _lab = lab;
        _options = options;
    }

    public static async Task<LabDropletHosts> StartAsync(SandboxOptions options) =>
        new(await LabSession.StartAsync(), options);

    public async Task BootAsync(SandboxDroplet d, CancellationToken ct)
    {
        await _hostUps.WaitAsync(ct);
        try
        {
            var host = NextHostId();
            var statedir = _lab.Dir.HostDir(host);
            var facts = new LabHostFacts(_lab.LabId, host, $"swl-{_lab.LabId}-{host}", statedir, null,
                new Dictionary<string, string>(), new Dictionary<string, string>());
            _hosts[d.Id] = facts; // from here on DestroyAsync removes whatever exists

            HostStateDir.Write(statedir, d, TimeSpan.FromSeconds(_options.SshdDelaySeconds), TimeSpan.FromSeconds(_options.DockerdDelaySeconds));
            // Not cancellable: a half-run host-up is harder to undo than a finished one, and
            // DestroyAsync follows right after.
            await _lab.Script.RunCheckedAsync("host-up", _lab.LabId, host, statedir);
            var keys = HostKeys(statedir);
            _hosts[d.Id] = facts with
            {
                HostPublicKeys = keys,
                HostKeyFingerprints = keys.ToDictionary(k => k.Key, k => SshPublicKey.Sha256Fingerprint(k.Value) ?? "?"),
            };
        }
        finally
        {
            _hostUps.Release();
        }
    }

    // The host holds sshd back until now (host.env WAIT_ACTIVE), so sshd answers --sshd-delay after `active`.
    public void Activated(SandboxDroplet d)
    {
        if (!_hosts.TryGetValue(d.Id, out var host))
            return;
        try
        {
            HostStateDir.MarkActive(host.Statedir);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"sandbox: cannot tell the host of droplet {d.Id} ({d.Name}) that it is active: {e.Message}");
        }
    }

    public async Task DestroyAsync(SandboxDroplet d)
    {
        if (!_hosts.TryRemove(d.Id, out var host))
            return;
        await _lab.Script.RunCheckedAsync("host-down", _lab.LabId, host.Host, host.Statedir);
        // lab.sh deletes only statedirs it marked; one whose input it refused is still ours.
        if (Directory.Exists(host.Statedir) && !File.Exists(Path.Combine(host.Statedir, ".swarmlab")))
            Directory.Delete(host.Statedir, recursive: true);
    }

    public async Task PowerOffAsync(SandboxDroplet d)
    {
        if (_hosts.TryGetValue(d.Id, out var host))
            await _lab.Script.RunCheckedAsync("host-stop", _lab.LabId, host.Host);
    }

    public async Task PowerOnAsync(SandboxDroplet d)
    {
        if (_hosts.TryGetValue(d.Id, out var host))
            await _lab.Script.RunCheckedAsync("host-start", _lab.LabId, host.Host, host.Statedir);
    }

    // Only a host that finished host-up (its keys are read) and is not powered off has chains to write.
    public async Task<bool> ApplyCloudFirewallAsync(SandboxDroplet d, string rules)
    {
        if (!_hosts.TryGetValue(d.Id, out var host) || host.HostPublicKeys.Count == 0 || d.Status == DropletStatus.Off)
            return false;
        var file = Path.Combine(host.Statedir, "lab", "cloud-firewall.rules");
        await File.WriteAllTextAsync(file, rules);
        var result = await _lab.Script.RunAsync("host-cloudfw", _lab.LabId, host.Host, file);
        return result.ExitCode == 0;
    }

    public LabHostFacts? Describe(SandboxDroplet d)
    {
        if (!_hosts.TryGetValue(d.Id, out var facts))
            return null;
        return facts with { BootStatus = ReadStatus(facts.Statedir) };
    }

    public async ValueTask DisposeAsync()
    {
        await _lab.DisposeAsync();
        _hostUps.Dispose();
    }

    private string NextHostId()
    {
        var n = Interlocked.Increment(ref _lastHostNumber);
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var id = "";
        for (; n > 0; n /= 36)
            id = digits[(int)(n % 36)] + id;
        return id;
    }

    // The public host keys as the host's sshd uses them (given by cloud-config or generated by lab.sh).
    private static Dictionary<string, string> HostKeys(string statedir)
    {
        var keys = new Dictionary<string, string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(statedir, "fs", "etc-ssh"), "ssh_host_*_key.pub"))
        {
            var type = Path.GetFileName(file)["ssh_host_".Length..^"_key.pub".Length];
            keys[type] = File.ReadAllText(file).Trim();
        }
        return keys;
    }

    // lab/status: running, done or error (what `cloud-init status` reports inside the host).
    private static string? ReadStatus(string statedir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(statedir, "lab", "status")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
