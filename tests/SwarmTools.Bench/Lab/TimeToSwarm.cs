using System.Globalization;

using SwarmTools.Bench.Trace;

namespace SwarmTools.Bench.Lab;

/// <summary>
/// One N of the lab benchmark: the pipeline, the sequential walkthrough, and the ideal critical
/// path made of the pipeline's own parts (<see cref="IdealPath"/>).
/// </summary>
public sealed record TimeToSwarm(PipelineRun Pipeline, SequentialRun Sequential, Teardown Teardown, int ManagerCount)
{
    public int Nodes => Pipeline.Nodes;
    public IdealPath IdealPath => new(Pipeline.SlowestBootToReady, Sequential.Init, Sequential.ManagerJoins, Sequential.WorkerJoins.DefaultIfEmpty(0).Max(), Sequential.Firewalls.Max());
    public double Ideal => IdealPath.Total;
    public double RatioToIdeal => Pipeline.Seconds / Ideal;
    public double SpeedupVsSequential => Sequential.Seconds / Pipeline.Seconds;

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"time-to-swarm: N={Nodes} seconds={Pipeline.Seconds:0.0} ideal={Ideal:0.0} ratio-to-ideal={RatioToIdeal:0.00} " +
        $"speedup-vs-sequential={SpeedupVsSequential:0.0} api-requests={Pipeline.Requests.Count} ssh-connections-per-node={Pipeline.SshConnectionsPerNode:0.##}");
}

/// <summary>Removing what the pipeline built: one worker the safe way, then the rest of the swarm; the walkthrough's droplets without the swarm (the API's own time).</summary>
public sealed record Teardown(int Nodes, double? OneWorker, double WholeSwarm, int WholeSwarmNodes, double DropletsOnly);
