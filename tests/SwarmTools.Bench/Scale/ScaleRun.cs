using System.Globalization;

namespace SwarmTools.Bench.Scale;

/// <summary>
/// One N of the scale simulation: the pipeline against API-only droplets whose hosts are simulated,
/// the request rate it asked of the API, and the ideal made of its own parts, as on the lab: the
/// slowest simulated boot, then the steps timed alone (one cmdlet, one node) on simulated hosts.
/// </summary>
public sealed record ScaleRun(
    int Nodes,
    double Seconds,
    DateTime Start,
    IReadOnlyList<DateTime> HostsReady,
    IReadOnlyList<ApiRequest> Requests,
    double SshConnectionsPerNode,
    IReadOnlyList<TracedCommand> Commands,
    Swarm Swarm,
    IdealPath IdealPath)
{
    public double SlowestBootToReady => HostsReady.Max(t => (t - Start).TotalSeconds);
    public double Ideal => IdealPath.Total;
    public double RatioToIdeal => Seconds / Ideal;
    public Timeline Timeline => Timeline.Of(Start, Seconds, Commands, HostsReady, Requests.Where(r => r.IsCreate).Select(r => r.At), Swarm.Managers);

    /// <summary>The most requests in any 60 s of the run (DigitalOcean allows 250).</summary>
    public int PeakRequestsPerMinute =>
        Requests.Select(r => Requests.Count(o => o.At >= r.At && o.At < r.At.AddMinutes(1))).DefaultIfEmpty(0).Max();

    public int TooManyRequests => Requests.Count(r => r.Status == 429);

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"time-to-swarm (simulated hosts): N={Nodes} seconds={Seconds:0.0} ideal={Ideal:0.0} ratio-to-ideal={RatioToIdeal:0.00} " +
        $"api-requests={Requests.Count} peak-requests-per-minute={PeakRequestsPerMinute} rate-limit-per-minute=250 ssh-connections-per-node={SshConnectionsPerNode:0.##}");
}
