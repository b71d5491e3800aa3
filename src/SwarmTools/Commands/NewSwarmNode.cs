using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Nodes;

namespace SwarmTools.Commands
{
    /// <summary>
    /// Creates droplets for a swarm and emits each one as soon as it is ready:
    /// <c>New-SwarmNode -Count 3</c> makes node1, node2 and node3.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SwarmNode))]
    public sealed class NewSwarmNode : DigitalOceanCmdlet
    {
        /// <summary>How many nodes; with one -Name it is the prefix (worker → worker1..workerN).</summary>
        [Parameter(Position = 0)]
        [ValidateRange(1, 100)]
        public int Count { get; set; }

        /// <summary>A prefix (with -Count) or the explicit names. Default: node1..nodeN.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionCompleter))]
        public string Region { get; set; } = NodeSpec.DefaultRegion;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SizeCompleter))]
        public string Size { get; set; } = NodeSpec.DefaultSize;

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ImageCompleter))]
        public string Image { get; set; } = NodeSpec.DefaultImage;

        /// <summary>Path of the public key to authorize on the nodes; uploaded to the account if missing. Default: ~/.ssh/id_ed25519.pub, id_ecdsa.pub, id_rsa.pub.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SshKey { get; set; }

        /// <summary>More tags; the swarm tag is always added.</summary>
        [Parameter]
        public string[] Tag { get; set; } = Array.Empty<string>();

        /// <summary>The tag that marks this swarm's droplets (Get-SwarmNode and Remove-SwarmNode use it too).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? VpcUuid { get; set; }

        /// <summary>cloud-init user data (at most 64 KiB).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? UserData { get; set; }

        /// <summary>
        /// Ready (default): a node is emitted once SSH answers, cloud-init has finished and Docker
        /// answers. Active: as soon as the API says "active" (no SSH; e.g. an API-only sandbox).
        /// </summary>
        [Parameter]
        [ValidateSet("Ready", "Active")]
        public string WaitFor { get; set; } = "Ready";

        /// <summary>How long to wait for the nodes to be ready.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

        protected override void EndProcessing()
        {
            var spec = BuildSpec();
            var plan = RunApi((api, queue, ct) => new NodePlanner(api).PlanAsync(spec, ct));

            if (plan.ToCreate.Count > 0 && !ShouldProcess(string.Join(", ", plan.ToCreate), plan.Describe()))
                return;

            var observer = new QueueObserver();
            try
            {
                RunApi(async (api, queue, ct) =>
                {
                    observer.Queue = queue;
                    observer.Provisioner = new NodeProvisioner(api, observer);
                    await observer.Provisioner.RunAsync(plan, ct).ConfigureAwait(false);
                    return true;
                });
                WriteProgress(new ProgressRecord(1, "Waiting for droplets", "Done") { RecordType = ProgressRecordType.Completed });
            }
            catch (PipelineStoppedException)
            {
                ReportLeftBehind(observer.Provisioner?.Created ?? Array.Empty<SwarmNode>(), observer.Emitted);
                throw;
            }
        }

        private NodeSpec BuildSpec()
        {
            try
            {
                var names = NodeNames.Expand(Name, MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : (int?)null);
                var publicKey = SshPublicKey.Load(SshKey is null ? null : GetUnresolvedProviderPathFromPSPath(SshKey), HomeDirectory());
                return new NodeSpec
                {
                    Names = names,
                    Region = Region,
                    Size = Size,
                    Image = Image,
                    SshKey = publicKey,
                    IdentityFile = Access.IdentityFile ?? Ssh.PrivateKeys.Beside(publicKey),
                    Ssh = WaitFor == "Ready" ? Access : null,
                    SwarmTag = SwarmTag,
                    Tags = Tag,
                    VpcUuid = VpcUuid,
                    UserData = UserData,
                    Timeout = Timeout,
                };
            }
            catch (SwarmToolsException e)
            {
                ThrowTerminatingError(ToErrorRecord(e));
                throw; // not reached
            }
        }

        private static string HomeDirectory() =>
            Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        /// <summary>
        /// After Ctrl+C the pipeline accepts no more writes; the host still shows text, and the user
        /// must learn which droplets exist (and are billed) although no node object reached them.
        /// </summary>
        private void ReportLeftBehind(IReadOnlyList<SwarmNode> created, IReadOnlyCollection<long> emitted)
        {
            var left = created.Where(n => !emitted.Contains(n.Id)).ToList();
            if (left.Count == 0) return;
            Host?.UI?.WriteWarningLine(
                $"Stopped. These droplets were created and still exist: {string.Join(", ", left.Select(n => $"{n.Name} (id {n.Id})"))}. " +
                $"Get them with: Get-SwarmNode -Tag {SwarmTag}; remove them with: Get-SwarmNode -Id {string.Join(",", left.Select(n => n.Id))} | Remove-SwarmNode -DropletOnly");
        }

        /// <summary>Turns provisioning events into queued writes.</summary>
        private sealed class QueueObserver : IProvisionObserver
        {
            public OutputQueue? Queue;
            public NodeProvisioner? Provisioner;
            public readonly HashSet<long> Emitted = new HashSet<long>();

            public void Verbose(string message) => Queue?.Verbose(message);

            public void Progress(string activity, string status, int percent) =>
                Queue?.Progress(new ProgressRecord(1, activity, status) { PercentComplete = Math.Max(0, Math.Min(100, percent)) });

            public void Created(SwarmNode node) => Queue?.Verbose($"Created droplet {node.Name} (id {node.Id}).");

            public void Ready(SwarmNode node)
            {
                lock (Emitted) Emitted.Add(node.Id);
                Queue?.Object(node);
            }

            public void Failed(string name, SwarmToolsException error) => Queue?.Error(ErrorRecords.From(error, name));
        }
    }
}
