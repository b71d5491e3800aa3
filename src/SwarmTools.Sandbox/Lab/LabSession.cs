using System.Runtime.Versioning;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Lab;

/// <summary>
/// This sandbox's lab, from start to stop (README "What the C# side must do"). Start: root,
/// `lab.sh check`, `clean --stale` (what crashed sandboxes left), a lab id and its directory,
/// `net-up`. Stop: `clean &lt;lab&gt;` and the directory goes. A sandbox killed with SIGKILL
/// leaves its lab behind, and the next lab-mode start on the machine removes it.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LabSession : IAsyncDisposable
{
    // lab.sh's default too; every droplet's GATEWAY (AddressPlan), so one lab per machine.
    public static readonly string Gateway = $"{AddressPlan.PublicGateway}/{AddressPlan.PublicPrefixLength}";

    private int _disposed;

    private LabSession(LabRunDir dir, LabScript script)
    {
        Dir = dir;
        Script = script;
    }

    public LabRunDir Dir { get; }
    public LabScript Script { get; }
    public string LabId => Dir.LabId;

    public static async Task<LabSession> StartAsync()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new SandboxStartupException("lab mode needs root (it creates namespaces, bridges and mounts); use --mode api.");
        var shipped = Path.Combine(AppContext.BaseDirectory, "Lab", "lab.sh");
        if (!File.Exists(shipped))
            throw new SandboxStartupException($"lab mode: {shipped} is missing from this build; use --mode api.");

        var bundled = new LabScript(shipped);
        var check = await bundled.RunAsync("check");
        if (check.ExitCode != 0)
            throw new SandboxStartupException($"lab mode: this machine cannot run lab hosts (install what is missing, or use --mode api):\n{check.Stderr.TrimEnd()}");

        var stale = await bundled.RunAsync("clean", "--stale");
        if (stale.ExitCode != 0)
            throw new SandboxStartupException($"lab mode: cannot remove what stopped sandboxes left behind: {stale.Describe()}");
        foreach (var line in stale.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            await Console.Error.WriteLineAsync($"sandbox: removing what a stopped sandbox left behind ({line})");
        foreach (var lab in LabRunDir.PurgeStale())
            await Console.Error.WriteLineAsync($"sandbox: removed {LabRunDir.Root}/{lab} (its sandbox is gone)");

        var dir = LabRunDir.Claim();
        var session = new LabSession(dir, new LabScript(dir.InstallScript(shipped)));
        var up = await session.Script.RunAsync("net-up", dir.LabId, Gateway);
        if (up.ExitCode == 0)
            return session;

        await session.DisposeAsync();
        // Every lab's hosts use the same public range, so only one lab can hold its gateway.
        throw new SandboxStartupException(up.ExitCode == LabScript.Conflict
            ? $"lab mode: the lab gateway {Gateway} is already in use on this machine, most likely by another sandbox in lab mode (only one can run at a time); stop it or use --mode api. ({up.Describe()})"
            : $"lab mode: cannot create the lab network: {up.Describe()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        var clean = await Script.RunAsync("clean", LabId);
        if (clean.ExitCode != 0)
            await Console.Error.WriteLineAsync($"sandbox: removing lab {LabId} failed: {clean.Describe()}");
        try
        {
            Dir.Delete();
            Directory.Delete(LabRunDir.Root); // only when no other sandbox uses it
        }
        catch (IOException)
        {
            // Not empty: another lab-mode sandbox, or a leftover the next start removes.
        }
    }
}
