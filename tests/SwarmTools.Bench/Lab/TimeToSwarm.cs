using System.Globalization;


namespace SwarmTools.Bench.Lab;

/// <summary>
/// One N of the lab benchmark: the pipeline, the sequential walkthrough, and the ideal critical
/// path made of the pipeline's own parts (<see cref="IdealPath"/>).
/// </summary>
public sealed record TimeToSwarm(PipelineRun Pipeline, SequentialRun Sequential, Teardown Teardown, int ManagerCount)
{
    public int Nodes => Pipeline.Nodes;
    public IdealPath IdealPath => new(Pipeline.SlowestBootToReady, Sequential.HostKey, Sequential.Init, Sequential.ManagerJoins, Sequential.WorkerJoins.DefaultIfEmpty(0).Max(), Sequential.Firewalls.Max());
    public double Ideal => IdealPath.Total;
    public double RatioToIdeal => Pipeline.Seconds / Ideal;
    public double SpeedupVsSequential => Sequential.Seconds / Pipeline.Seconds;

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"time-to-swarm: N={Nodes} seconds={Pipeline.Seconds:0.0} ideal={Ideal:0.0} ratio-to-ideal={RatioToIdeal:0.00} " +
        $"speedup-vs-sequential={SpeedupVsSequential:0.0} api-requests={Pipeline.Requests.Count} ssh-connections-per-node={Pipeline.SshConnectionsPerNode:0.##}");
}

/// <summary>
/// Removing what the pipeline built: one worker the safe way, then the rest of the swarm
/// (`Get-SwarmNode | Remove-SwarmNode -Force`); against the API's own delete time, one DELETE by
/// tag of the walkthrough's N droplets.
/// </summary>
public sealed record Teardown(int Nodes, double? OneWorker, double WholeSwarm, int WholeSwarmNodes, double ApiDelete)
{
    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"teardown: N={Nodes} whole-swarm-seconds={WholeSwarm:0.0} nodes={WholeSwarmNodes} api-delete-seconds={ApiDelete:0.0} over-api={WholeSwarm - ApiDelete:0.0} " +
        $"one-worker-safe-seconds={(OneWorker is double w ? w.ToString("0.0", CultureInfo.InvariantCulture) : "none")}");
}
