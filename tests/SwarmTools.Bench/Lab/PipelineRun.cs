
namespace SwarmTools.Bench.Lab;

/// <summary>
/// `New-SwarmNode -Count N | Initialize-Swarm -ManagerCount 3 | Set-SwarmFirewall` on lab hosts:
/// wall time, API requests (from the sandbox's journal), SSH connections (from each host's sshd log),
/// each host's boot as its own log tells it, and a timeline of the run from the commands it ran.
/// </summary>
public sealed record PipelineRun(
    int Nodes,
    double Seconds,
    DateTime Start,
    IReadOnlyList<ApiRequest> Requests,
    IReadOnlyList<HostLog> Hosts,
    IReadOnlyList<TracedCommand> Commands,
    IReadOnlyList<TracedConnect> Connects,
    Swarm Swarm)
{
    /// <summary>From the command to the slowest host's finished boot (SSH up, Docker answering, cloud-init done), by the hosts' own logs.</summary>
    public double SlowestBootToReady => Hosts.Max(h => Since(h.BootFinished ?? throw new BenchFailure($"{h.Name} never finished booting.")));

    public double SshConnectionsPerNode => Hosts.Sum(h => h.SshConnections) / (double)Hosts.Count;
    public int MaxSshConnections => Hosts.Max(h => h.SshConnections);

    public double Since(DateTime at) => (at - Start).TotalSeconds;

    public Timeline Timeline => Timeline.Of(Start, Seconds, Commands, Hosts.Select(h => h.BootFinished!.Value),
        Requests.Where(r => r.IsCreate).Select(r => r.At), Swarm.Managers);
}
