using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Ssh;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// How the orchestration reaches a node: where its commands run, and the host key it keeps.
/// <see cref="SshNodeConnector"/> is the real one (the module's, and the lab tests'); the unit
/// tests and the scale benchmark pass simulated hosts, the lab benchmark times the real one.
/// It travels in <see cref="SshAccess"/>, so every step that reaches a node uses the same one.
/// </summary>
public interface INodeConnector
{
    /// <summary>Where the node's commands run (over SSH: its shared session, waiting for a booting node's sshd).</summary>
    Task<IRemoteShell> ShellAsync(SwarmNode node, SshAccess access, CancellationToken ct);

    /// <summary>
    /// The host key a ready node keeps, as a fingerprint: one of its own, made on the node, when it
    /// was created with the key its create call shared (<see cref="Nodes.HostKeyRotation"/>); under
    /// trust on first use, the one it offers.
    /// </summary>
    Task<string> OwnHostKeyAsync(SwarmNode node, SshAccess access, CancellationToken ct);
}
