using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// The droplets whose delete DigitalOcean accepted (204) but which were still listed when the
/// module stopped waiting. The API shows no sign of a delete in progress (the droplet stays
/// "active"; a destroy is not an action, digitalocean/api-v2 #31), so this file
/// (~/.swarmtools/pending-deletions) is how the next session knows not to adopt them.
/// </summary>
public sealed class PendingDeletions
{
    private readonly DropletRecords _records;

    /// <param name="path">Default: ~/.swarmtools/pending-deletions.</param>
    public PendingDeletions(string? path = null) => _records = new DropletRecords(path ?? DropletRecords.InHome("pending-deletions"));

    public string Path => _records.Path;

    /// <summary>The ids recorded for this API (base URL).</summary>
    public IReadOnlyCollection<long> Of(Uri api) => new HashSet<long>(_records.Of(api).Keys);

    public void Add(Uri api, IEnumerable<long> ids) => _records.Set(api, ids.Select(id => new KeyValuePair<long, string>(id, "-")));

    public void Remove(Uri api, long id) => _records.Remove(api, id);
}
