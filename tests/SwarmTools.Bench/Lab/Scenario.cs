using System.Diagnostics;
using System.Management.Automation;

namespace SwarmTools.Bench.Lab;

/// <summary>Runs one PowerShell step of a scenario and says how long it took.</summary>
public static class Scenario
{
    public static (List<PSObject> Output, double Seconds) Timed(ModuleSession session, string script, IReadOnlyDictionary<string, object?>? variables = null)
    {
        var clock = Stopwatch.StartNew();
        var output = session.Invoke(script, variables);
        return (output, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The swarm a pipeline returned, checked: every node a member, as many managers as asked for.</summary>
    public static Swarm CheckSwarm(List<PSObject> output, int nodes, int managers)
    {
        var swarm = output.Select(o => o.BaseObject).OfType<Swarm>().SingleOrDefault()
            ?? throw new BenchFailure($"The pipeline returned no swarm ({output.Count} objects).");
        if (swarm.Members.Length != nodes || swarm.Managers.Length != Math.Min(managers, nodes))
            throw new BenchFailure($"The swarm has {swarm.Members.Length} members and {swarm.Managers.Length} managers; expected {nodes} and {Math.Min(managers, nodes)}.");
        return swarm;
    }
}
