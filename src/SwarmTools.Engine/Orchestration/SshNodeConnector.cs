using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Orchestration;

/// <summary>Reaches nodes over SSH, through the session pools of <see cref="NodeConnections"/>: the module's connector.</summary>
public sealed class SshNodeConnector : INodeConnector
{
    public static readonly SshNodeConnector Instance = new SshNodeConnector();

    private SshNodeConnector() { }

    public async Task<IRemoteShell> ShellAsync(SwarmNode node, SshAccess access, CancellationToken ct) =>
        await NodeConnections.ConnectAsync(node, access, ct).ConfigureAwait(false);

    public async Task<string> OwnHostKeyAsync(SwarmNode node, SshAccess access, CancellationToken ct)
    {
        if (node.HostKeyFingerprint != null)
            return await HostKeyRotation.RotateAsync(NodeConnections.Pool(node, access), node, ct).ConfigureAwait(false);
        var session = await NodeConnections.ConnectAsync(node, access, ct).ConfigureAwait(false);
        // A node found again (a re-run after a crash) whose rotation never finished may still run
        // the shared key: it is given its own now.
        if (!await HostKeyRotation.UnfinishedAsync(session, ct).ConfigureAwait(false)) return session.HostKeyFingerprint;
        node.HostKeyFingerprint = session.HostKeyFingerprint;
        return await HostKeyRotation.RotateAsync(NodeConnections.Pool(node, access), node, ct).ConfigureAwait(false);
    }
}
