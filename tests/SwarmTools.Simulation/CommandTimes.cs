using System.Globalization;
using System.Text;

namespace SwarmTools.Simulation;

/// <summary>A cost that may grow with a size (member lines of a read, ufw rules of a change): seconds = Fixed + PerItem × items.</summary>
public sealed record Cost(double Fixed, double PerItem = 0)
{
    public TimeSpan For(int items) => TimeSpan.FromSeconds(Math.Max(0, Fixed + PerItem * items));

    /// <summary>Least squares over (items, seconds); a constant (the median) when the sizes do not vary.</summary>
    public static Cost Fit(IReadOnlyList<(int Items, double Seconds)> samples)
    {
        if (samples.Count == 0) throw new InvalidOperationException("No samples to fit a cost to.");
        var mx = samples.Average(s => (double)s.Items);
        var varx = samples.Sum(s => (s.Items - mx) * (s.Items - mx));
        if (varx < 1e-9) return new Cost(Median(samples.Select(s => s.Seconds)));
        var my = samples.Average(s => s.Seconds);
        var slope = Math.Max(0, samples.Sum(s => (s.Items - mx) * (s.Seconds - my)) / varx);
        return new Cost(my - slope * mx, slope);
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToList();
        if (v.Count == 0) throw new InvalidOperationException("No samples for a median.");
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    public override string ToString() => PerItem == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Fixed:0.000} s")
        : string.Create(CultureInfo.InvariantCulture, $"{Fixed:0.000} s + {PerItem * 1000:0.0} ms per item");
}

/// <summary>
/// How long each command takes on a host, as measured on the lab (medians of every command of
/// every lab run, by kind): the simulated hosts of the scale benchmark take these times.
/// </summary>
public sealed record CommandTimes(
    Cost Handshake,
    double ActiveToSshd,
    double SshdToDocker,
    double DockerToBootDone,
    Cost DockerVersion,
    Cost SwarmState,
    Cost Members,
    Cost Init,
    Cost JoinToken,
    Cost Join,
    Cost FirewallRead,
    Cost FirewallChange,
    Cost HostKey)
{
    /// <summary>What a lab run measured on this project's machine (docs/benchmarks.md), for a simulation without the lab (not root, or --lab none).</summary>
    public static CommandTimes Recorded { get; } = new(new Cost(0.111), 5.03, 3.44, 0.0,
        new Cost(0.045), new Cost(0.043), new Cost(0.092), new Cost(0.635), new Cost(0.030), new Cost(0.156), new Cost(0.259), new Cost(0.504, 0.0225), new Cost(0.352));

    /// <summary>Every step takes no time: hosts are up when reached and answer at once (the unit tests).</summary>
    public static CommandTimes Instant { get; } = new(new Cost(0), 0, 0, 0,
        new Cost(0), new Cost(0), new Cost(0), new Cost(0), new Cost(0), new Cost(0), new Cost(0), new Cost(0), new Cost(0));

    /// <summary>Medians of a lab trace; Members by member lines, FirewallChange by ufw rule lines.</summary>
    public static CommandTimes FromLab(IReadOnlyList<TracedCommand> commands, Cost handshake, double activeToSshd, double sshdToDocker, double dockerToBootDone)
    {
        Cost Of(CommandKind kind, bool sized = false)
        {
            var samples = commands.Where(c => c.Kind == kind && c.ExitCode == 0).Select(c => (sized ? c.Size : 0, c.Seconds)).ToList();
            return Cost.Fit(samples);
        }
        return new CommandTimes(handshake, activeToSshd, sshdToDocker, dockerToBootDone,
            Of(CommandKind.DockerVersion), Of(CommandKind.SwarmState), Of(CommandKind.Members, sized: true), Of(CommandKind.Init),
            Of(CommandKind.JoinToken), Of(CommandKind.Join), Of(CommandKind.FirewallRead), Of(CommandKind.FirewallChange, sized: true), Of(CommandKind.HostKey));
    }

    public string Describe()
    {
        var s = new StringBuilder();
        s.AppendLine("| step on a host | time (lab median) |");
        s.AppendLine("|---|---|");
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| 'active' → sshd answers | {ActiveToSshd:0.00} s |"));
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| sshd → dockerd answers | {SshdToDocker:0.00} s |"));
        s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| dockerd → cloud-init done | {DockerToBootDone:0.00} s |"));
        s.AppendLine($"| SSH handshake | {Handshake} |");
        s.AppendLine($"| `docker info` (version) | {DockerVersion} |");
        s.AppendLine($"| `docker info` (swarm state) | {SwarmState} |");
        s.AppendLine($"| `docker node inspect` (per member) | {Members} |");
        s.AppendLine($"| `docker swarm init` | {Init} |");
        s.AppendLine($"| `docker swarm join-token` | {JoinToken} |");
        s.AppendLine($"| join (Engine API) | {Join} |");
        s.AppendLine($"| firewall read | {FirewallRead} |");
        s.AppendLine($"| firewall change (per ufw rule) | {FirewallChange} |");
        s.AppendLine($"| a host key of its own (made, sshd reloaded, checked on a fresh connection) | {HostKey} |");
        return s.ToString();
    }
}
