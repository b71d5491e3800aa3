namespace SwarmTools.Tests.Support;

/// <summary>Processes of this machine, as the lab tests check them.</summary>
public static class HostProcesses
{
    /// <summary>Alive and not a zombie (a killed process its parent has not reaped yet is dead all the same).</summary>
    public static bool Alive(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(") ").Last()[0] != 'Z'; }
        catch (IOException) { return false; }
    }

    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline"); }
        catch (IOException) { return ""; } // gone meanwhile
    }

    /// <summary>The processes in a lab host's network namespace.</summary>
    public static int[] InNetns(string netns) =>
        Shell.Run($"ip netns pids {netns} 2>/dev/null || true").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();

    /// <summary>
    /// A lab host's long-lived daemons once sshd listens: sshd's listener, and dockerd and containerd when they run.
    /// Boot-time processes (ufw, cloud-init's runcmd, sleeps) end by themselves, so a check that every recorded
    /// process is still alive must not hold them: it failed now and then when one had just ended.
    /// </summary>
    public static int[] OfBootedHost(string netns)
    {
        for (var i = 0; i < 300; i++)
        {
            var daemons = InNetns(netns).Where(IsDaemon).ToArray();
            if (daemons.Any(IsSshdListener)) return daemons;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"no sshd listening in {netns}");
    }

    private static bool IsDaemon(int pid) =>
        IsSshdListener(pid) || Path.GetFileName(CommandLine(pid).Split('\0')[0]) is "dockerd" or "containerd";

    // Started as `sshd -D`; its per-connection children ("sshd: root@notty") end with their connection.
    private static bool IsSshdListener(int pid)
    {
        var line = CommandLine(pid);
        return line.Contains("sshd") && line.Contains("-D");
    }
}
