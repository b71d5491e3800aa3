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

    /// <summary>A lab host's processes once its sshd runs (the namespace's init, sshd, dockerd…).</summary>
    public static int[] OfBootedHost(string netns)
    {
        for (var i = 0; i < 300; i++)
        {
            var pids = InNetns(netns);
            if (pids.Any(p => CommandLine(p).Contains("sshd"))) return pids;
            Thread.Sleep(100);
        }
        throw new TimeoutException($"no sshd in {netns}");
    }
}
