using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>One health check of a swarm: reads only, and reports what it found (a pass included).</summary>
public interface ISwarmCheck
{
    /// <summary>The stable name -Check and -ExcludeCheck take.</summary>
    string Name { get; }

    Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct);
}
