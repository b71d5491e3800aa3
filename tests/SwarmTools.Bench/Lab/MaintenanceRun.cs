using System.Globalization;

namespace SwarmTools.Bench.Lab;

/// <summary>
/// Invoke-SwarmMaintenance with a reboot on the swarm the pipeline formed: seconds per node against the
/// sum of its steps (each includes labelling the node with its next step), and the mean of each step.
/// </summary>
public sealed record MaintenanceRun(int Nodes, double Seconds, IReadOnlyList<SwarmMaintenanceResult> Results)
{
    /// <summary>Reboots run one node at a time: beyond this N the run takes longer than the rest of the benchmark.</summary>
    public const int LargestN = 10;

    public static MaintenanceRun Measure(ModuleSession session, string tag, int nodes)
    {
        var (output, seconds) = Scenario.Timed(session, "Invoke-SwarmMaintenance -SwarmTag $tag -Command 'true' -Reboot -Force",
            new Dictionary<string, object?> { ["tag"] = tag });
        var results = output.Select(o => o.BaseObject).OfType<SwarmMaintenanceResult>().ToList();
        if (results.Count != nodes) throw new BenchFailure($"Invoke-SwarmMaintenance maintained {results.Count} of {nodes} nodes.");
        return new MaintenanceRun(nodes, seconds, results);
    }

    public double PerNode => Results.Average(r => r.Seconds);
    public double StepsPerNode => Results.Average(r => r.StepSeconds.Values.Sum());

    public IEnumerable<(string Step, double Mean)> Steps =>
        Results.SelectMany(r => r.StepSeconds).GroupBy(s => s.Key).Select(g => (g.Key, g.Average(s => s.Value)));

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"maintenance (lab hosts, -Reboot): N={Nodes} seconds={Seconds:0.0} per-node={PerNode:0.0} steps-per-node={StepsPerNode:0.0} {string.Join(" ", Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Step.ToLowerInvariant()}={s.Mean:0.0}")))}");
}
