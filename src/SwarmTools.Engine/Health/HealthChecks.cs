using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Health;

/// <summary>Every check Test-Swarm knows, in the order it reports them, and the choice among them by name.</summary>
public static class HealthChecks
{
    public static IReadOnlyList<ISwarmCheck> All { get; } = new ISwarmCheck[]
    {
        new QuorumCheck(),
        new LeaderCheck(),
        new NodeStatusCheck(),
        new MembershipCheck(),
        new AvailabilityCheck(),
        new SwarmPortsCheck(),
        new HostFirewallCheck(),
        new ReplicasCheck(),
        new AutolockCheck(),
        new CertificateCheck(),
        new DiskSpaceCheck(),
        new EngineVersionCheck(),
        new ClockSkewCheck(),
    };

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    /// <summary>The checks named in <paramref name="include"/> (all when empty) less those in <paramref name="exclude"/>; an unknown name is refused.</summary>
    public static IReadOnlyList<ISwarmCheck> Select(IReadOnlyCollection<string> include, IReadOnlyCollection<string> exclude)
    {
        foreach (var name in include.Concat(exclude))
            if (!Names.Contains(name, StringComparer.OrdinalIgnoreCase))
                throw new SwarmToolsException(ErrorIds.UnknownCheck, FailureKind.InvalidArgument,
                    $"'{name}' is not a check of Test-Swarm. The checks are: {string.Join(", ", Names)}.", name);
        return All.Where(c => (include.Count == 0 || include.Contains(c.Name, StringComparer.OrdinalIgnoreCase))
                              && !exclude.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
    }
}
