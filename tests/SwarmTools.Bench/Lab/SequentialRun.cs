namespace SwarmTools.Bench.Lab;

/// <summary>
/// The walkthrough one node at a time, as docker-machine does it: create a droplet and wait until
/// it is ready, then the next; then init, each join and each node's firewall in turn. Every step is
/// a cmdlet of its own, so each one's time is known exactly.
/// </summary>
/// <remarks>HostKey: the median of each create's last step, the node's own host key (part of its create's time).</remarks>
public sealed record SequentialRun(
    int Nodes,
    IReadOnlyList<double> Creates,
    double Init,
    IReadOnlyList<double> ManagerJoins,
    IReadOnlyList<double> WorkerJoins,
    IReadOnlyList<double> Firewalls,
    double HostKey)
{
    public double Seconds => Creates.Sum() + Init + ManagerJoins.Sum() + WorkerJoins.Sum() + Firewalls.Sum();
}
