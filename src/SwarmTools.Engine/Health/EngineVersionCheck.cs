using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>
/// The Docker Engine version of each member, as the managers know it (each node reports its own): one
/// version across the swarm. Mixed versions are meant to be brief (a rolling upgrade); left so, features
/// and fixes differ from node to node. Read from the node list: no member needs to be reached.
/// </summary>
public sealed class EngineVersionCheck : ISwarmCheck
{
    public string Name => "EngineVersion";

    public Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, CancellationToken ct)
    {
        var known = context.Members.Where(m => m.EngineVersion.Length > 0).ToList();
        var versions = known.GroupBy(m => m.EngineVersion, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var findings = new List<SwarmCheck>();
        if (versions.Count <= 1)
            findings.Add(context.Pass(Name, versions.Count == 0
                ? "No member reports its engine version."
                : $"All {known.Count} members run Docker Engine {versions[0].Key}."));
        else
        {
            var spread = string.Join("; ", versions.Select(g => $"{g.Key} on {string.Join(", ", g.Select(m => m.Hostname))}"));
            findings.Add(context.Finding(Name, context.Swarm, CheckStatus.Warning,
                $"The members run {versions.Count} Docker Engine versions: {spread}.",
                "Bring every member to one version, one node at a time so the swarm keeps its quorum (drain, upgrade Docker, set it Active again)."));
        }
        return Task.FromResult<IReadOnlyList<SwarmCheck>>(findings);
    }
}
