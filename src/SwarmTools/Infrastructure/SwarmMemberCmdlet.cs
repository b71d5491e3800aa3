using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that change members of a swarm through one of its managers: -Manager,
/// -SwarmTag, and the parameters of <see cref="DigitalOceanCmdlet"/> (repeated: every base derives
/// from <see cref="SwarmCmdlet"/> directly; CmdletBaseTests keeps the copies identical).
/// </summary>
public abstract class SwarmMemberCmdlet : SwarmCmdlet
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

    protected DigitalOceanClient Api => Session.Api;

    protected DigitalOceanClient? OptionalApi => Session.OptionalApi;

    protected T RunApiOffPipeline<T>(Func<DigitalOceanClient, OutputQueue, CancellationToken, Task<T>> work) => Session.RunOffPipeline(work);

    /// <summary>
    /// Runs <paramref name="work"/> off the pipeline on a live manager of the swarm: -Manager, else one
    /// among <paramref name="given"/> (a -Swarm's nodes), else one among the droplets under -SwarmTag
    /// (the API is asked only then). <paramref name="activity"/> heads the progress.
    /// </summary>
    private protected T RunOnManager<T>(string activity, IEnumerable<SwarmNode>? given, Func<AtManager, CancellationToken, Task<T>> work)
    {
        var nodes = given?.ToList() ?? new List<SwarmNode>();
        var access = Access;
        var api = Manager is null && nodes.Count == 0 ? Api : null;
        return RunOffPipeline(async (queue, ct) =>
        {
            var connect = NodeHosts.Via(access, queue);
            var observer = new SwarmObserver(queue, activity, ct);
            var manager = await new ManagerLocator(Manager, api, SwarmTag, connect, observer).FindAsync(nodes, null, ct).ConfigureAwait(false);
            return await work(new AtManager(manager, queue, observer, connect), ct).ConfigureAwait(false);
        });
    }

    /// <summary><see cref="RunOnManager{T}"/> for work that returns nothing.</summary>
    private protected void RunOnManager(string activity, IEnumerable<SwarmNode>? given, Func<AtManager, CancellationToken, Task> work) =>
        RunOnManager<bool>(activity, given, async (at, ct) => { await work(at, ct).ConfigureAwait(false); return true; });

    protected override void Dispose(bool disposing)
    {
        if (disposing) _session?.Dispose();
        base.Dispose(disposing);
    }
}
