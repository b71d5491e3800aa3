using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// The droplets this machine began a `docker swarm init` on, per API (~/.swarmtools/swarm-inits,
/// kept a day). A run killed right after its init (kill -9, a closed laptop) leaves a swarm on a
/// node that may reach the re-run's pipeline after another one; before it would start a second
/// swarm, the formation asks here for that node. Nothing else is kept: droplet ids only.
/// </summary>
public sealed class SwarmInits
{
    private readonly DropletRecords _records;
    private readonly DigitalOceanClient _api;

    /// <param name="path">Default: ~/.swarmtools/swarm-inits.</param>
    public SwarmInits(DigitalOceanClient api, string? path = null)
    {
        _api = api;
        _records = new DropletRecords(path ?? DropletRecords.InHome("swarm-inits"));
    }

    public void Begin(long dropletId) => Safely<object>(() => { _records.Set(_api.Connection.BaseUrl, new[] { new KeyValuePair<long, string>(dropletId, "init") }); return this; });

    /// <summary>
    /// The droplets, other than <paramref name="first"/>, that an earlier run from here began an init on and that
    /// still exist, active, under one of <paramref name="first"/>'s tags (the same swarm's droplets, whatever -SwarmTag says).
    /// </summary>
    public async Task<IReadOnlyList<SwarmNode>> EarlierAsync(SwarmNode first, CancellationToken ct)
    {
        var ids = Safely(() => _records.Of(_api.Connection.BaseUrl).Keys.ToList()) ?? new List<long>();
        ids.Remove(first.Id);
        var found = new List<SwarmNode>();
        if (ids.Count == 0) return found; // nothing to ask the API
        foreach (var tag in first.Tags.Where(t => !t.StartsWith(NodeKeyTag.Prefix, StringComparison.OrdinalIgnoreCase)))
            found.AddRange((await _api.Droplets.ListByTagAsync(tag, ct).ConfigureAwait(false))
                .Where(d => d.IsActive && ids.Contains(d.Id) && found.All(f => f.Id != d.Id)).Select(d => d.ToSwarmNode()));
        return found;
    }

    // A file that cannot be read or written costs only the re-run's knowledge, never this run.
    private static T? Safely<T>(Func<T> io) where T : class
    {
        try { return io(); }
        catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { return null; }
    }
}
