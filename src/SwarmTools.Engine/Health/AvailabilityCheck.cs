using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>Drained or paused members: they take no new tasks. A warning, since it may be on purpose (upkeep).</summary>
public sealed class AvailabilityCheck : ISwarmCheck
{
    public string Name => "Availability";

    public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var held = context.Members.Where(m => m.Availability != NodeAvailability.Active).ToList();
        var findings = held.Count == 0
            ? new List<SwarmCheck> { context.Pass(Name, $"All {context.Members.Count} members take tasks (availability Active).") }
            : held.Select(m => context.Finding(Name, m.Hostname, CheckStatus.Warning,
                $"{m.Hostname} is {(m.Availability == NodeAvailability.Drain ? "drained: its tasks were moved away and" : "paused:")} the scheduler gives it no new tasks.",
                $"When its upkeep is over: Get-SwarmNode -Name {m.Hostname} | Set-SwarmNode -Availability Active")).ToList();
        return Task.FromResult<IReadOnlyList<SwarmCheck>>(findings);
    }
}
