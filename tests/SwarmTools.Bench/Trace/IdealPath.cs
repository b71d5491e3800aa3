using System.Globalization;

namespace SwarmTools.Bench.Trace;

/// <summary>
/// The shortest the pipeline could take on this machine with this run's own parts: the slowest
/// host's boot-to-ready in the pipeline (by the host's own clock) and its own host key (made on
/// the node, checked on a fresh connection: New-SwarmNode's last step), then one init, the manager
/// joins one after another, one round of worker joins and one firewall round, where each step is
/// as long as it took alone — one cmdlet, one node — in the same benchmark run. A step alone also
/// reads what it needs (the swarm, the members, the firewalls), which the pipeline shares between
/// steps, so the pipeline can come in under this ideal.
/// </summary>
public sealed record IdealPath(double Boot, double HostKey, double Init, IReadOnlyList<double> ManagerJoins, double WorkerRound, double FirewallRound)
{
    public double Total => Boot + HostKey + Init + ManagerJoins.Sum() + WorkerRound + FirewallRound;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Total:0.0} = boot {Boot:0.0} + own host key {HostKey:0.0} + init {Init:0.0} + manager joins {string.Join(" + ", ManagerJoins.Select(j => j.ToString("0.0", CultureInfo.InvariantCulture)))} + worker round {WorkerRound:0.0} + firewall round {FirewallRound:0.0}");
}
