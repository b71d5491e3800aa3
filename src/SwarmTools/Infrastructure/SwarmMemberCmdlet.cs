using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Nodes;
using SwarmTools.Orchestration;

namespace SwarmTools.Infrastructure
{
    /// <summary>Base of the cmdlets that change members of a swarm through one of its managers.</summary>
    public abstract class SwarmMemberCmdlet : DigitalOceanCmdlet
    {
        /// <summary>A manager of the swarm to work through, e.g. Get-SwarmNode -Name node1.</summary>
        /// <value>the first reachable manager among the swarm tag's droplets</value>
        [Parameter]
        public SwarmNode? Manager { get; set; }

        /// <summary>The tag whose droplets are searched for a manager when -Manager is not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateTag]
        public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

        /// <summary>Member changes over this cmdlet's SSH access, reporting through <paramref name="observer"/>.</summary>
        protected static SwarmNodeChanges ChangesVia(SshAccess access, OutputQueue queue, ISwarmObserver observer, CancellationToken ct) =>
            new SwarmNodeChanges((node, c) => ConnectAsync(node, access, queue, c), observer, ct);

        /// <summary>The API client when a manager must be searched for; call on the pipeline thread.</summary>
        protected DigitalOcean.DigitalOceanClient? ApiForSearch => Manager is null ? Api : null;

        /// <summary>A manager other than <paramref name="except"/>: -Manager, else one found among the swarm's droplets.</summary>
        protected async Task<DockerHost> FindManagerAsync(SwarmNodeChanges changes, SwarmNode? except, DigitalOcean.DigitalOceanClient? api, CancellationToken ct)
        {
            IEnumerable<SwarmNode> candidates;
            if (Manager != null || api is null) candidates = Manager is null ? Array.Empty<SwarmNode>() : new[] { Manager };
            else
            {
                var droplets = await api.Droplets.ListByTagAsync(SwarmTag, ct).ConfigureAwait(false);
                candidates = droplets.Where(d => d.IsActive).OrderBy(d => d.Name, System.StringComparer.OrdinalIgnoreCase).Select(d => d.ToSwarmNode()).ToList();
            }
            return await changes.FindManagerAsync(candidates, except).ConfigureAwait(false);
        }
    }
}
