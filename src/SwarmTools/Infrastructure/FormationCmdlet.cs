using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that form a swarm from nodes arriving on the pipeline: each node is
/// handed to the formation as it comes (work starts at once, in the background), and the
/// end waits for all of it. Ctrl+C stops at once and says what was already done. The parameters
/// of <see cref="DigitalOceanCmdlet"/> are repeated (every base derives from <see cref="SwarmCmdlet"/>
/// directly; CmdletBaseTests keeps the copies identical).
/// </summary>
public abstract class FormationCmdlet : SwarmCmdlet
{
    private SwarmFormation? _formation;
    private SwarmObserver? _observer;

    /// <summary>The nodes, e.g. from New-SwarmNode or Get-SwarmNode; each is worked on as soon as it arrives.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>The tag of the swarm's droplets: where members that are not on the pipeline are found, so their firewalls admit the new nodes.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateTag]
    public string SwarmTag { get; set; } = NodeSpec.DefaultSwarmTag;

    /// <summary>The private key to connect to the nodes with (OpenSSH or PEM format, without passphrase).</summary>
    /// <value>the key the node was created with (found by its fingerprint tag), else ~/.ssh/id_ed25519, id_ecdsa, id_rsa</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath(MustExist = true)]
    public string? IdentityFile { get; set; }

    /// <summary>The known_hosts file that trusted host keys are read from and recorded in (OpenSSH format, so ssh and the docker CLI trust the nodes too).</summary>
    /// <value>~/.ssh/known_hosts</value>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateFilePath]
    public string? KnownHostsFile { get; set; }

    /// <summary>Accept and record the host key of a node that is neither pinned nor in known_hosts (nodes SwarmTools did not create).</summary>
    [Parameter]
    public SwitchParameter TrustOnFirstUse { get; set; }

    /// <summary>The DigitalOcean API token (a personal access token), as a SecureString. It never appears in any output, error or log.</summary>
    /// <value>$env:DIGITALOCEAN_TOKEN, then $env:DIGITALOCEAN_ACCESS_TOKEN</value>
    [Parameter]
    public SecureString? Token { get; set; }

    protected SshAccess Access => SshCmdlet.AccessOf(this, IdentityFile, KnownHostsFile, TrustOnFirstUse);

    private ApiSession? _session;

    /// <summary>The API client machinery, composed (see <see cref="ApiSession"/>); the base only holds -Token.</summary>
    private ApiSession Session => _session ??= new ApiSession(this, () => Token);

    /// <summary>A wrong -Token is refused before any work (<see cref="ApiSession.RefuseWrongToken"/>).</summary>
    protected override void BeginProcessing() => Session.RefuseWrongToken(MyInvocation.BoundParameters.ContainsKey(nameof(Token)));

    protected override void Dispose(bool disposing)
    {
        if (disposing) _session?.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Starts the formation: what to build and from which manager.</summary>
    protected void Start(FormationOptions options, string activity, Action<SwarmFormation> begin)
    {
        var access = Access;
        var queue = SharedQueue;
        _observer = new SwarmObserver(queue, activity, CancelToken);
        var api = Session.OptionalApi;
        var connect = NodeHosts.Via(access, queue);
        var locator = new ManagerLocator(null, api, SwarmTag, connect, _observer);
        _formation = new SwarmFormation(connect, async ct => await locator.TaggedAsync(ct).ConfigureAwait(false), options, _observer, CancelToken,
            api is null ? null : new SwarmInits(api));
        begin(_formation);
    }

    protected override void ProcessRecord()
    {
        foreach (var node in InputObject) _formation!.Add(node);
        DrainSharedQueue();
    }

    protected override void EndProcessing()
    {
        Swarm? swarm;
        try
        {
            swarm = FinishSharedQueue(_formation!.CompleteAsync());
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            return;
        }
        _observer!.Completed();
        DrainSharedQueue();
        if (swarm != null) WriteResult(swarm);
    }

    /// <summary>Writes what the cmdlet returns once the swarm is formed.</summary>
    protected abstract void WriteResult(Swarm swarm);

    protected override void StopProcessing()
    {
        base.StopProcessing();
        if (_formation != null) ReportStopped(_formation.Done);
    }
}
