using System.Globalization;

namespace SwarmTools.Bench.Lab;

/// <summary>Test-Swarm on the swarm the pipeline just formed on lab hosts: every check, over real SSH, timed.</summary>
public sealed record HealthRun(int Nodes, double Seconds, int Findings, IReadOnlyList<string> NotPassed)
{
    public static HealthRun Measure(ModuleSession session, string tag, int nodes)
    {
        var (output, seconds) = Scenario.Timed(session, "Test-Swarm -SwarmTag $tag", new Dictionary<string, object?> { ["tag"] = tag });
        var findings = output.Select(o => o.BaseObject).OfType<SwarmCheck>().ToList();
        if (findings.Count == 0) throw new BenchFailure($"Test-Swarm returned no finding for the {nodes}-node swarm.");
        return new HealthRun(nodes, seconds, findings.Count, findings.Where(f => f.Status != CheckStatus.Pass).Select(f => f.ToString()).ToList());
    }

    public string Line => string.Create(CultureInfo.InvariantCulture,
        $"test-swarm (lab hosts): N={Nodes} seconds={Seconds:0.0} findings={Findings} not-passed={NotPassed.Count}");
}
