using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.DigitalOcean;
using SwarmTools.Nodes;

namespace SwarmTools.Infrastructure
{
    /// <summary>The droplets a cmdlet works on: those it was given, and — to find every member — the active droplets carrying the swarm tag.</summary>
    internal static class SwarmDroplets
    {
        public static async Task<List<SwarmNode>> ListAsync(IEnumerable<SwarmNode> given, DigitalOceanClient? api, string swarmTag, CancellationToken ct)
        {
            var nodes = given.GroupBy(n => n.Id).Select(g => g.First()).ToList();
            if (api is null) return nodes;
            var tagged = (await api.Droplets.ListByTagAsync(swarmTag, ct).ConfigureAwait(false)).Where(d => d.IsActive).Select(d => d.ToSwarmNode());
            return nodes.Concat(tagged.Where(t => nodes.All(n => n.Id != t.Id))).OrderBy(n => n.Name, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
