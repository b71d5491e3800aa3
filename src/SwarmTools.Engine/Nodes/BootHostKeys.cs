using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Nodes;

/// <summary>
/// The fingerprint of the host key a create call's droplets boot with, by droplet id, kept until
/// each droplet has a key of its own (<see cref="HostKeyRotation"/>). The shared key is made in
/// this process; a run killed before a node's rotation leaves its fingerprint here, so the
/// re-run can verify the node it finds (~/.swarmtools/boot-host-keys) and give it its own key.
/// Only fingerprints are kept: the private half never leaves memory. Before a create is posted the
/// droplets' ids are not known yet, so the fingerprint is kept by tag and name until the answer
/// gives them: a run killed between the two still leaves it for the re-run.
/// </summary>
public sealed class BootHostKeys
{
    private readonly DropletRecords _records;

    /// <param name="path">Default: ~/.swarmtools/boot-host-keys.</param>
    public BootHostKeys(string? path = null) => _records = new DropletRecords(path ?? DropletRecords.InHome("boot-host-keys"));

    public IReadOnlyDictionary<long, string> Of(Uri api) => Safely(() => _records.Of(api)) ?? new Dictionary<long, string>();

    public void Add(Uri api, long id, string fingerprint) => Safely<object>(() => { _records.Set(api, new[] { new KeyValuePair<long, string>(id, fingerprint) }); return this; });

    public void Remove(Uri api, long id) => Safely<object>(() => { _records.Remove(api, id); return this; });

    /// <summary>Before the create of <paramref name="names"/> under <paramref name="tag"/> is posted.</summary>
    public void AddBeforeCreate(Uri api, string tag, IEnumerable<string> names, string fingerprint) =>
        Safely<object>(() => { _records.Set(api, names.Select(n => new KeyValuePair<long, string>(ByName(tag, n), fingerprint))); return this; });

    /// <summary>Once the create answered: the droplet's record by id replaces the one by name.</summary>
    public void Created(Uri api, string tag, string name, long id, string fingerprint)
    {
        Add(api, id, fingerprint);
        Remove(api, ByName(tag, name));
    }

    /// <summary>The node has a key of its own: nothing is kept for it any more.</summary>
    public void Rotated(Uri api, string tag, SwarmNode node)
    {
        Remove(api, node.Id);
        Remove(api, ByName(tag, node.Name));
    }

    /// <summary>The fingerprint kept for a droplet: by its id, else by its tag and name (a create whose answer never came).</summary>
    public static string? Find(IReadOnlyDictionary<long, string> records, string tag, SwarmNode node) =>
        records.TryGetValue(node.Id, out var byId) ? byId : records.TryGetValue(ByName(tag, node.Name), out var byName) ? byName : null;

    // A negative key: droplet ids are positive, so a record by name never meets one by id.
    private static long ByName(string tag, string name)
    {
        using var sha = System.Security.Cryptography.SHA256.Create();
        var hash = sha.ComputeHash(System.Text.Encoding.UTF8.GetBytes(tag.ToLowerInvariant() + "/" + name.ToLowerInvariant()));
        return -(BitConverter.ToInt64(hash, 0) & long.MaxValue) - 1;
    }

    // A file that cannot be read or written costs only the re-run's knowledge, never this run.
    private static T? Safely<T>(Func<T> io) where T : class
    {
        try { return io(); }
        catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { return null; }
    }
}
