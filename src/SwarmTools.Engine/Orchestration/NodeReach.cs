using System;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// Reaching a node that should be up, within a deadline: one that does not answer in time is
/// NodeUnreachable, instead of the long wait meant for booting droplets, so one dead node never
/// stalls a cmdlet. The deadlines are named here, once.
/// </summary>
public static class NodeReach
{
    /// <summary>A member that is up answers within this, or counts as down: the other members go on without it.</summary>
    public static readonly TimeSpan Member = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A droplet adopted from elsewhere (Import-SwarmNode) is reached for the first time, through a
    /// firewall the module did not set (the 1-Click ufw limits new SSH connections): it gets longer.
    /// </summary>
    public static readonly TimeSpan Adopted = TimeSpan.FromSeconds(60);

    /// <summary><paramref name="connect"/>, bounded by <paramref name="within"/> per node (see <see cref="ConnectWithinAsync"/>).</summary>
    public static Func<SwarmNode, CancellationToken, Task<NodeShell>> Bounded(Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, TimeSpan within) =>
        (node, ct) => ConnectWithinAsync(connect, node, within, ct);

    /// <summary>
    /// The node's host within <paramref name="within"/>; any failure but a security one (a host key
    /// mismatch stays what it is) becomes NodeUnreachable.
    /// </summary>
    public static Task<NodeShell> ConnectWithinAsync(Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, SwarmNode node, TimeSpan within, CancellationToken ct) =>
        WithinAsync(node, within, c => connect(node, c), e => e.Kind != FailureKind.Security,
            e => $"{node.Name} ({node.PublicAddress}) could not be reached over SSH within {within.TotalSeconds:0} s: {e.Message}", ct);

    /// <summary>
    /// Runs <paramref name="work"/> with a deadline. The deadline passing, or a failure that
    /// <paramref name="unreachable"/> counts as "not reached", becomes NodeUnreachable with
    /// <paramref name="message"/>; Ctrl+C stays a cancellation, other failures stay as they are.
    /// </summary>
    public static async Task<T> WithinAsync<T>(SwarmNode node, TimeSpan within, Func<CancellationToken, Task<T>> work,
        Func<SwarmToolsException, bool> unreachable, Func<Exception, string> message, CancellationToken ct)
    {
        using var reach = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reach.CancelAfter(within);
        try { return await work(reach.Token).ConfigureAwait(false); }
        catch (Exception e) when ((e is OperationCanceledException && !ct.IsCancellationRequested) || (e is SwarmToolsException s && unreachable(s)))
        {
            throw new SwarmToolsException(ErrorIds.NodeUnreachable, FailureKind.Connection, message(e), node.Name, e);
        }
    }
}
