using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Engine.Firewalls;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Commands;

/// <summary>Creates droplets for a swarm and emits each one as soon as it is ready.</summary>
/// <remarks>
/// <para>New-SwarmNode -Count 3 makes node1, node2 and node3, as in the walkthrough. Before anything
/// is created, the request is checked against the API's own reference data (region, size, image,
/// VPC, the account's droplet limit) and the SSH key is uploaded if its fingerprint is not on the
/// account; bad input stops with a stable error id and nothing is created.</para>
/// <para>Droplets are created in batches of at most ten with the swarm tag, and polled by tag. Each
/// node is emitted as soon as it is really ready: SSH answers with the host key the module generated
/// and passed in user_data, cloud-init has finished, and Docker answers. So the next cmdlet of the
/// pipeline (Initialize-Swarm) starts on the first node while the others still boot.</para>
/// <para>Names that already exist under the swarm tag are returned, not created again, so a re-run
/// after a failure finishes the job.</para>
/// </remarks>
/// <note>Each droplet is tagged with the SSH key's fingerprint (swarmtools-key:…): nodes read back later,
/// in any session, are reached with the matching private key from ~/.ssh without -IdentityFile.</note>
/// <note>DigitalOcean takes one user_data per create call, so the droplets of one call share the
/// host key the module generated for it.</note>
/// <note>A node that fails (its create errors, it is not active or not ready within -Timeout, or an
/// error ends the run) is reported with a stable error id that names its droplet (name and id). By
/// default the droplet is kept, to look into, and the error gives the command that removes it;
/// -RemoveFailed deletes the droplets of the failed nodes this run created instead, and the error
/// says so. Droplets that existed before the run are never deleted. docs/reliability.md lists every
/// fault and what it leaves behind.</note>
/// <note>Ctrl+C stops at once and names the droplets that were created (they exist and are billed),
/// with the command that removes them.</note>
/// <seealso cref="InitializeSwarm"/>
/// <seealso cref="GetSwarmNode"/>
/// <seealso cref="RemoveSwarmNode"/>
[Cmdlet(VerbsCommon.New, "SwarmNode", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SwarmNode))]
public sealed class NewSwarmNode : DigitalOceanCmdlet
{
    /// <summary>How many nodes to create (1 to 100). With one -Name it is a prefix: -Name worker -Count 2 makes worker1 and worker2.</summary>
    /// <value>1 (or one per -Name)</value>
    [Parameter(Position = 0)]
    [ValidateRange(1, 100)]
    public int Count { get; set; }

    /// <summary>A prefix (with -Count) or the droplets' names as given. Names are hostnames: letters, digits, '.' and '-'.</summary>
    /// <value>node1..nodeN</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>The region's slug, e.g. nyc3, fra1, ams3 (tab completes). Checked against the API's regions before anything is created.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string Region { get; set; } = NodeSpec.DefaultRegion;

    /// <summary>The size's slug, e.g. s-1vcpu-1gb, s-2vcpu-4gb (tab completes). It must be offered in -Region.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SizeCompleter))]
    public string Size { get; set; } = NodeSpec.DefaultSize;

    /// <summary>The image's slug or id. The default is the newest Docker 1-Click image (Docker and ufw preinstalled, ufw enabled) that the region offers, read from the account's catalogue.</summary>
    /// <value>the region's newest docker-&lt;ubuntu release&gt; image</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ImageCompleter))]
    public string? Image { get; set; }

    /// <summary>Path of the public key (.pub) to authorize on the nodes; uploaded to the account if its fingerprint is not there. The private key beside it is used to reach the nodes.</summary>
    /// <value>~/.ssh/id_ed25519.pub, else id_ecdsa.pub, else id_rsa.pub</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath]
    public string? SshKey { get; set; }

    /// <summary>More tags for the droplets (letters, digits, ':', '-', '_'); the swarm tag is always added.</summary>
    [Parameter]
    public string[] Tag { get; set; } = Array.Empty<string>();

    /// <summary>The tag that marks this swarm's droplets; Get-SwarmNode -Tag and the swarm cmdlets' -SwarmTag find them by it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

    /// <summary>The VPC to place the droplets in (it must be in -Region); its addresses are what the swarm advertises.</summary>
    /// <value>the region's default VPC</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? VpcUuid { get; set; }

    /// <summary>cloud-init user data (at most 64 KiB, about 1 KiB of which the module adds for the host key). A #cloud-config that sets ssh_keys itself needs -TrustOnFirstUse.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserData { get; set; }

    /// <summary>
    /// Ready (default): a node is emitted once SSH answers, cloud-init has finished and Docker
    /// answers. Active: as soon as the API says "active" (no SSH; e.g. an API-only sandbox).
    /// </summary>
    [Parameter]
    public NodeReadiness WaitFor { get; set; } = NodeReadiness.Ready;

    /// <summary>How long to wait for all nodes to be ready; a node not ready by then is reported with DropletTimeout or NodeNotReady (its droplet is kept unless -RemoveFailed).</summary>
    [Parameter]
    [ValidatePositiveTimeSpan]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Delete the droplet of each node this run created that fails (not active or not ready within
    /// -Timeout, or left unfinished by an error that ends the run), and say so in its error. Without
    /// it, failed droplets are kept (to look into) and each error names the droplet and the command
    /// that removes it. Droplets that existed before the run are never deleted.
    /// </summary>
    [Parameter]
    public SwitchParameter RemoveFailed { get; set; }

    private readonly QueueObserver _observer = new QueueObserver();

    protected override void EndProcessing()
    {
        var spec = BuildSpec();
        var plan = RunApiOffPipeline((api, queue, ct) => new NodePlanner(api).PlanAsync(spec, ct, queue.Verbose));
        if (plan.ToCreate.Count > 0) WarnOfEarlierFirewalls(spec.SwarmTag);

        if (plan.ToCreate.Count > 0 && !ShouldProcess(string.Join(", ", plan.ToCreate), plan.Describe()))
            return;

        var observer = _observer;
        try
        {
            RunApiOffPipeline(async (api, queue, ct) =>
            {
                observer.Queue = queue;
                observer.Provisioner = new NodeProvisioner(api, observer);
                try
                {
                    await observer.Provisioner.RunAsync(plan, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
                {
                    // The run ends here: every droplet it created and did not finish is named (or deleted with -RemoveFailed).
                    observer.LeftBehind = await observer.Provisioner.AbandonAsync(plan.Spec, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }
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

    /// <summary>
    /// A cloud firewall on the tag while no droplet carries it is an earlier swarm's: the new
    /// droplets get its rules as they boot. Only a warning (reading firewalls needs firewall:read,
    /// which creating droplets does not).
    /// </summary>
    private void WarnOfEarlierFirewalls(string swarmTag)
    {
        var (earlier, problem) = RunApiOffPipeline(async (api, queue, ct) =>
        {
            try
            {
                if ((await api.Droplets.ListByTagAsync(swarmTag, ct).ConfigureAwait(false)).Count > 0) return (Array.Empty<Firewall>(), null);
                return ((IReadOnlyList<Firewall>)await CloudFirewall.CoveringAsync(api, swarmTag, ct).ConfigureAwait(false), (string?)null);
            }
            catch (DigitalOceanException e) { return (Array.Empty<Firewall>(), e.Message); }
        });
        if (problem != null) WriteVerbose($"Cloud firewalls on the tag {swarmTag} were not checked: {problem}");
        foreach (var f in earlier)
            WriteWarning($"Cloud firewall {f.Name} ({f.Id}) covers the tag {swarmTag} though no droplet carries it: it is left from an earlier swarm, and the new droplets get its rules as they boot. " +
                "Delete it (in the control panel), let Set-SwarmFirewall -Mode Cloud replace it, or use another -SwarmTag.");
    }

    protected override ErrorRecord TerminatingRecord(Exception e)
    {
        var record = base.TerminatingRecord(e);
        if (_observer.LeftBehind is string left)
            record.ErrorDetails = new ErrorDetails($"{e.Message} {left}");
        return record;
    }

    private NodeSpec BuildSpec()
    {
        try
        {
            var names = NodeNames.Expand(Name, MyInvocation.BoundParameters.ContainsKey(nameof(Count)) ? Count : (int?)null);
            var publicKey = SshPublicKey.Load(SshKey is null ? null : GetUnresolvedProviderPathFromPSPath(SshKey), SwarmTools.Engine.Ssh.UserHome.Directory);
            return new NodeSpec
            {
                Names = names,
                Region = Region,
                Size = Size,
                Image = Image,
                SshKey = publicKey,
                IdentityFile = Access.IdentityFile ?? SwarmTools.Engine.Ssh.PrivateKeyLookup.Beside(publicKey),
                Ssh = WaitFor == NodeReadiness.Ready ? Access : null,
                SwarmTag = SwarmTag,
                Tags = Tag,
                VpcUuid = VpcUuid,
                UserData = UserData,
                Timeout = Timeout,
                RemoveFailed = RemoveFailed,
            };
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ToErrorRecord(e));
            throw; // not reached
        }
    }

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
            $"Get them with: Get-SwarmNode -Tag {SwarmTag}; remove them with: Get-SwarmNode -Id {string.Join(",", left.Select(n => n.Id))} | Remove-SwarmNode -DropletOnly " +
            "(a droplet still being created cannot be deleted yet; Remove-SwarmNode retries for up to a minute).");
    }

    /// <summary>Turns provisioning events into queued writes.</summary>
    private sealed class QueueObserver : IProvisionObserver
    {
        public OutputQueue? Queue;
        public NodeProvisioner? Provisioner;
        public string? LeftBehind;
        public readonly HashSet<long> Emitted = new HashSet<long>();

        public void Verbose(string message) => Queue?.Verbose(message);

        public void Progress(string activity, string status, int percent) =>
            Queue?.Progress(new ProgressRecord(1, activity, status) { PercentComplete = percent < 0 ? -1 : Math.Min(100, percent) });

        public void Created(SwarmNode node) => Queue?.Verbose($"Created droplet {node.Name} (id {node.Id}).");

        public void Ready(SwarmNode node)
        {
            lock (Emitted) Emitted.Add(node.Id);
            Queue?.Object(node);
        }

        public void Failed(string name, SwarmToolsException error) => Queue?.Error(ErrorRecords.From(error, name));
    }
}
