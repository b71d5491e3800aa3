using System;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Ssh;

/// <summary>
/// Runs commands on one node: the seam between the orchestration (<c>NodeShell</c>, the
/// readiness probe) and the transport. <see cref="SshSession"/> is the real one, and the lab
/// tests cross this seam over real SSH; the unit tests and the scale benchmark answer below it
/// with simulated hosts (an <c>INodeConnector</c> hands out the shells).
/// </summary>
public interface IRemoteShell
{
    /// <summary>The node's address, for messages.</summary>
    string Address { get; }

    /// <summary>
    /// Runs <paramref name="command"/> and waits for it to end (see <see cref="SshSession.RunAsync"/>):
    /// <paramref name="stdin"/> is written to its standard input, then closed; a non-zero exit code is
    /// returned, not thrown; <paramref name="timeout"/> gives <see cref="SshTimeoutException"/>.
    /// </summary>
    Task<CommandResult> RunAsync(string command, string? stdin, TimeSpan timeout, CancellationToken ct);
}
