using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// Set-SwarmFirewall filters the ports containers publish (DOCKER-USER): only members and its
/// -AllowPort ports get through. A stack that publishes another port is deployed, but reachable only
/// from the members; the warning says so and names the Set-SwarmFirewall that opens it.
/// </summary>
public static class PublishedPortWarning
{
    /// <summary>The warnings for the ports these services publish, under the policy kept in the swarm (none when there is no policy or it leaves published ports open).</summary>
    public static async Task<List<string>> ForAsync(NodeShell manager, IEnumerable<ServiceRecord> services, CancellationToken ct)
    {
        var kept = SwarmPolicyConfig.Parse((await manager.ReadAsync(SwarmPolicyConfig.ReadCommand, ct).ConfigureAwait(false)).Split('\n'));
        var policy = FirewallPolicy.FromJson(kept);
        return policy is null ? new List<string>() : For(policy, services);
    }

    public static List<string> For(FirewallPolicy policy, IEnumerable<ServiceRecord> services)
    {
        if (!PublishedPortFilter.Filters(policy)) return new List<string>();
        var closed = services.SelectMany(s => s.Published.Select(p => (Service: s.Name, Port: p)))
            .Where(x => !policy.AllowPorts.Any(a => a.Protocol == x.Port.Protocol && a.Covers(x.Port.Port)))
            .GroupBy(x => $"{x.Port.Port}/{x.Port.Protocol}", StringComparer.Ordinal).ToList();
        if (closed.Count == 0) return new List<string>();
        var open = policy.AllowPorts.Select(p => p.ToString()).Concat(closed.Select(g => g.Key)).Distinct().ToList();
        return closed.Select(g =>
            $"{string.Join(", ", g.Select(x => x.Service).Distinct())} publishes {g.Key}, which Set-SwarmFirewall filters: it is reachable only from the swarm's members. " +
            $"To open it to clients: Set-SwarmFirewall -AllowPort {string.Join(", ", open)} (with the other options the firewall was set with; -AllowPort takes the whole list).").ToList();
    }
}
