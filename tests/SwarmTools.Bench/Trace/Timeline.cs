using System.Globalization;

namespace SwarmTools.Bench.Trace;

/// <summary>
/// Where a pipeline's time went, from the commands it ran on the nodes: when the droplets were
/// asked for, when the hosts were ready (by their own clocks) and when the module saw them ready,
/// when the swarm was initialized, when the last manager and the last worker had joined, and when
/// the firewall round ran.
/// </summary>
public sealed record Timeline(
    double CreatesSent,
    double FirstHostReady,
    double LastHostReady,
    double LastSeenReady,
    double Initialized,
    double ManagersJoined,
    double WorkersJoined,
    double FirewallStart,
    double End)
{
    public static Timeline Of(DateTime start, double seconds, IReadOnlyList<TracedCommand> commands, IEnumerable<DateTime> hostsReady,
        IEnumerable<DateTime> createRequests, IReadOnlyCollection<string> managers)
    {
        double At(DateTime t) => (t - start).TotalSeconds;
        var ready = hostsReady.Select(At).ToList();
        var joins = commands.Where(c => c.Kind == CommandKind.Join && c.ExitCode == 0).ToList();
        var lastJoin = joins.Select(c => c.End).DefaultIfEmpty(start).Max();
        // Set-SwarmFirewall reads every member's ufw again (a new run); joins read each host once.
        var firewallReads = commands.Where(c => c.Kind == CommandKind.FirewallRead).GroupBy(c => c.Node).Select(g => g.OrderBy(c => c.Start).Last()).ToList();
        return new Timeline(
            createRequests.Select(At).DefaultIfEmpty(0).Max(),
            ready.Min(), ready.Max(),
            commands.Where(c => c.Kind == CommandKind.DockerVersion && c.ExitCode == 0).GroupBy(c => c.Node).Select(g => At(g.Min(c => c.End))).Max(),
            commands.Where(c => c.Kind == CommandKind.Init).Select(c => At(c.End)).DefaultIfEmpty(0).Max(),
            joins.Where(c => managers.Contains(c.Node)).Select(c => At(c.End)).DefaultIfEmpty(0).Max(),
            joins.Where(c => !managers.Contains(c.Node)).Select(c => At(c.End)).DefaultIfEmpty(0).Max(),
            firewallReads.Where(c => c.Start > lastJoin).Select(c => At(c.Start)).DefaultIfEmpty(seconds).Min(),
            seconds);
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"creates sent {CreatesSent:0.0} s · hosts ready {FirstHostReady:0.0}–{LastHostReady:0.0} s · all seen ready {LastSeenReady:0.0} s · " +
        $"initialized {Initialized:0.0} s · managers joined {ManagersJoined:0.0} s · workers joined {WorkersJoined:0.0} s · " +
        $"firewall round {FirewallStart:0.0}–{End:0.0} s");
}
