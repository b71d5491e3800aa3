using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Nodes
{
    /// <summary>
    /// The fingerprint of the host key a create call's droplets boot with, by droplet id, kept until
    /// each droplet has a key of its own (<see cref="HostKeyRotation"/>). The shared key is made in
    /// this process; a run killed before a node's rotation leaves its fingerprint here, so the
    /// re-run can verify the node it finds (~/.swarmtools/boot-host-keys) and give it its own key.
    /// Only fingerprints are kept: the private half never leaves memory.
    /// </summary>
    public sealed class BootHostKeys
    {
        private readonly DropletRecords _records;

        /// <param name="path">Default: ~/.swarmtools/boot-host-keys.</param>
        public BootHostKeys(string? path = null) => _records = new DropletRecords(path ?? DropletRecords.InHome("boot-host-keys"));

        public IReadOnlyDictionary<long, string> Of(Uri api) => Safely(() => _records.Of(api)) ?? new Dictionary<long, string>();

        public void Add(Uri api, long id, string fingerprint) => Safely<object>(() => { _records.Set(api, new[] { new KeyValuePair<long, string>(id, fingerprint) }); return this; });

        public void Remove(Uri api, long id) => Safely<object>(() => { _records.Remove(api, id); return this; });

        // A file that cannot be read or written costs only the re-run's knowledge, never this run.
        private static T? Safely<T>(Func<T> io) where T : class
        {
            try { return io(); }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { return null; }
        }
    }
}
