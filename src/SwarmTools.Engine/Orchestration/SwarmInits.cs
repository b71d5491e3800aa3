using System;
using System.Collections.Generic;
using System.Linq;
using SwarmTools.Nodes;

namespace SwarmTools.Orchestration
{
    /// <summary>
    /// The droplets this machine began a `docker swarm init` on, per API (~/.swarmtools/swarm-inits,
    /// kept a day). A run killed right after its init (kill -9, a closed laptop) leaves a swarm on a
    /// node that may reach the re-run's pipeline after another one; before it would start a second
    /// swarm, the formation looks here for that node. Nothing else is kept: droplet ids only.
    /// </summary>
    public sealed class SwarmInits
    {
        private readonly DropletRecords _records;
        private readonly Uri _api;

        /// <param name="path">Default: ~/.swarmtools/swarm-inits.</param>
        public SwarmInits(Uri api, string? path = null)
        {
            _api = api;
            _records = new DropletRecords(path ?? DropletRecords.InHome("swarm-inits"));
        }

        public IReadOnlyCollection<long> Began => Safely(() => _records.Of(_api).Keys.ToList()) ?? new List<long>();

        public void Begin(long dropletId) => Safely<object>(() => { _records.Set(_api, new[] { new KeyValuePair<long, string>(dropletId, "init") }); return this; });

        // A file that cannot be read or written costs only the re-run's knowledge, never this run.
        private static T? Safely<T>(Func<T> io) where T : class
        {
            try { return io(); }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException) { return null; }
        }
    }
}
