using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Orchestration;

/// <summary>How the module reaches nodes over SSH: which private key, which known_hosts, whether to trust on first use, through which connector.</summary>
public sealed class SshAccess
{
    /// <param name="connector">Null: SSH (<see cref="SshNodeConnector"/>).</param>
    public SshAccess(string? identityFile, string? knownHostsFile, bool trustOnFirstUse, INodeConnector? connector = null)
    {
        IdentityFile = identityFile;
        KnownHostsFile = knownHostsFile;
        TrustOnFirstUse = trustOnFirstUse;
        Connector = connector ?? SshNodeConnector.Instance;
    }

    /// <summary>Null: the node's own key (the pair of the key it was created with), else ~/.ssh/id_ed25519, id_ecdsa, id_rsa.</summary>
    public string? IdentityFile { get; }
    /// <summary>Null: ~/.ssh/known_hosts.</summary>
    public string? KnownHostsFile { get; }
    public bool TrustOnFirstUse { get; }
    /// <summary>What reaches the nodes: SSH in the module; simulated hosts in the unit tests and the scale benchmark.</summary>
    public INodeConnector Connector { get; }
}

/// <summary>
/// One SSH session per node for the whole PowerShell session: every cmdlet of a pipeline (and
/// later pipelines) reuses it, because the 1-Click ufw limits new SSH connections.
/// </summary>
public static class NodeConnections
{
    private static readonly ConcurrentDictionary<string, SshSessionPool> Pools = new ConcurrentDictionary<string, SshSessionPool>();

    // The 1-Click ufw "limit" drops a 6th new connection to port 22 within 30 s, and every
    // refused try counts too: while a node boots, retry at most about 4 times in 30 s.
    internal static readonly SshConnectOptions ConnectPacing = new SshConnectOptions
    {
        InitialRetryDelay = TimeSpan.FromSeconds(2),
        MaxRetryDelay = TimeSpan.FromSeconds(8),
    };

    // A droplet may still be booting for a while after it was created (sshd after `active`); one
    // that has answered before, or is older than that, gets a short deadline: it is up, or dead.
    private static readonly TimeSpan BootWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan UpDeadline = TimeSpan.FromSeconds(15);

    public static Task<SshSession> ConnectAsync(SwarmNode node, SshAccess access, CancellationToken ct) =>
        Pool(node, access).GetAsync(node.PublicAddress!, ct, MayBeBooting(node) ? (TimeSpan?)null : UpDeadline);

    /// <summary>Could the droplet still be booting? Not when it was seen ready (its Docker answered) or was created long ago.</summary>
    public static bool MayBeBooting(SwarmNode node) =>
        node.DockerVersion is null && DateTimeOffset.UtcNow - node.CreatedAt < BootWindow;

    /// <summary>Where the node's commands run: through the connector <paramref name="access"/> names (its SSH session, <see cref="ConnectAsync"/>, in the module).</summary>
    public static Task<IRemoteShell> ShellAsync(SwarmNode node, SshAccess access, CancellationToken ct) =>
        access.Connector.ShellAsync(node, access, ct);

    /// <summary>The host key a ready node keeps, through the connector <paramref name="access"/> names (see <see cref="INodeConnector.OwnHostKeyAsync"/>).</summary>
    public static Task<string> OwnHostKeyAsync(SwarmNode node, SshAccess access, CancellationToken ct) =>
        access.Connector.OwnHostKeyAsync(node, access, ct);

    /// <summary>The pool that reaches <paramref name="node"/>, with the node's host key pinned when the module knows it.</summary>
    public static SshSessionPool Pool(SwarmNode node, SshAccess access)
    {
        var address = node.PublicAddress ?? throw new SwarmToolsException(ErrorIds.NoPublicAddress, FailureKind.InvalidArgument,
            $"{node.Name} has no public address yet (status '{node.Status.ToString().ToLowerInvariant()}'). Wait until it is active: Get-SwarmNode -Name {node.Name}.", node.Name);
        IpLiteral.Require(address, node.Name);
        var pool = PoolFor(access, node);
        pool.Bind(address, node.Id);
        if (node.HostKeyFingerprint != null) pool.HostKeys.Pin(address, node.HostKeyFingerprint);
        return pool;
    }

    /// <summary>Forgets the session and pinned key of a node that is gone (its address may be handed out again).</summary>
    public static void Forget(SwarmNode node)
    {
        if (!IpLiteral.IsValid(node.PublicAddress)) return;
        foreach (var pool in Pools.Values) pool.Forget(node.PublicAddress!, node.Id);
    }

    /// <summary>Closes every session (Remove-Module); the next use connects again.</summary>
    public static void CloseAll()
    {
        foreach (var key in Pools.Keys.ToList())
            if (Pools.TryRemove(key, out var pool)) pool.Dispose();
    }

    /// <summary>The private key that reaches <paramref name="node"/>: -IdentityFile, else the node's own key, else the user's usual key.</summary>
    public static string IdentityFor(SwarmNode node, SshAccess access) =>
        Path.GetFullPath(access.IdentityFile ?? node.IdentityFile ?? DefaultIdentity(node));

    /// <summary>The known_hosts file host keys are checked against and recorded in.</summary>
    public static string KnownHostsFor(SshAccess access) => Path.GetFullPath(access.KnownHostsFile ?? KnownHostsFile.DefaultPath);

    private static SshSessionPool PoolFor(SshAccess access, SwarmNode node)
    {
        var identity = IdentityFor(node, access);
        var knownHosts = KnownHostsFor(access);
        var key = string.Join("|", identity, knownHosts, access.TrustOnFirstUse);
        return Pools.GetOrAdd(key, _ => new SshSessionPool(
            SshCredentials.FromFile(identity),
            new HostKeyPolicy(new KnownHostsFile(knownHosts), access.TrustOnFirstUse),
            ConnectPacing));
    }

    private static string DefaultIdentity(SwarmNode node)
    {
        var dir = PrivateKeyLookup.UserSshDirectory;
        var madeWith = Nodes.NodeKeyTag.Fingerprint(node.Tags);
        return PrivateKeyLookup.UsualNames.Select(k => Path.Combine(dir, k)).FirstOrDefault(File.Exists)
            ?? throw new SwarmToolsException(ErrorIds.SshIdentityNotFound, FailureKind.NotFound, madeWith is null
                ? $"No SSH private key found in {dir} ({string.Join(", ", PrivateKeyLookup.UsualNames)}). Pass -IdentityFile with the private key whose public key is on the nodes."
                : $"{node.Name} was created with the SSH key {madeWith}, and no private key for it was found in {dir} (with its .pub beside it, or unencrypted). Pass -IdentityFile with that private key, or put it in {dir}.",
                dir);
    }
}
