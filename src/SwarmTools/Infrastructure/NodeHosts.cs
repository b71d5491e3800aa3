using System;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>How a cmdlet reaches its nodes: each node's docker and ufw commands over its (shared) session, changes announced on the verbose stream.</summary>
internal static class NodeHosts
{
    /// <summary>Connects as a booting droplet needs (the long wait); <see cref="NodeReach"/> bounds it for nodes that are up.</summary>
    public static Func<SwarmNode, CancellationToken, Task<NodeShell>> Via(SshAccess access, OutputQueue queue) =>
        async (node, ct) => new NodeShell(node, await NodeConnections.ShellAsync(node, access, ct).ConfigureAwait(false), change => queue.Verbose("Running on " + change));
}
