using System.Globalization;

namespace SwarmTools.Bench.Lab;

/// <summary>
/// What a lab host's own logs say: when its boot finished (cloud-init done: SSH up, dockerd
/// answering, runcmd run) and how many SSH connections its sshd accepted from anyone.
/// </summary>
public sealed record HostLog(string Name, DateTime? Active, DateTime? SshdStarted, DateTime? DockerdAnswers, DateTime? BootFinished, int SshConnections)
{
    /// <summary>Reads <c>lab/boot.log</c> and the host's <c>/var/log/sshd.log</c> (sshd logs at VERBOSE in the lab: "Connection from …").</summary>
    public static HostLog Read(string name, string statedir, DateTime day)
    {
        var boot = File.ReadAllLines(Path.Combine(statedir, "lab", "boot.log"));
        DateTime? At(string marker) => boot.Where(l => l.Contains(marker, StringComparison.Ordinal))
            .Select(l => (DateTime?)TimeOfDay(l.Split(' ')[0], day)).FirstOrDefault();
        var sshd = Path.Combine(statedir, "fs", "var-log", "sshd.log");
        var connections = File.Exists(sshd) ? File.ReadLines(sshd).Count(l => l.Contains("Connection from ", StringComparison.Ordinal)) : 0;
        return new HostLog(name, At("droplet active"), At("sshd started"), At("dockerd answers"), At("boot finished: done"), connections);
    }

    // boot.log stamps are `date +%T.%N` (this machine's local time of day); the run gives the day.
    private static DateTime TimeOfDay(string stamp, DateTime day)
    {
        var time = TimeSpan.ParseExact(stamp[..Math.Min(stamp.Length, 15)], @"hh\:mm\:ss\.ffffff", CultureInfo.InvariantCulture);
        var local = day.ToLocalTime().Date + time;
        if (local < day.ToLocalTime().AddHours(-12)) local = local.AddDays(1); // the run crossed midnight
        return local.ToUniversalTime();
    }
}
