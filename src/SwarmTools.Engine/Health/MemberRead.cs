using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Health;

/// <summary>
/// A read on one member within a bound: connecting, then the command, each bounded. A session the
/// PowerShell session opened earlier to a member that has since died connects at once and then never
/// answers, so the command needs its own bound as much as the connect does.
/// </summary>
internal static class MemberRead
{
    /// <summary>A node that is up answers SSH in a second or two; a dead one never does.</summary>
    public static readonly TimeSpan ConnectBound = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan ReadBound = TimeSpan.FromSeconds(10);

    /// <summary>The read's result, or why the member could not be read (no answer in time, or SSH refused).</summary>
    public static Task<(T? Result, string? Error)> ReadAsync<T>(HealthContext context, SwarmNode droplet,
        Func<NodeShell, CancellationToken, Task<T>> read, CancellationToken ct) where T : class =>
        ReadAsync(context.Connect, droplet, read, ct);

    /// <summary>The same, with no swarm read yet (no manager answered): <paramref name="connect"/> reaches the node.</summary>
    public static async Task<(T? Result, string? Error)> ReadAsync<T>(Func<SwarmNode, CancellationToken, Task<NodeShell>> connect, SwarmNode droplet,
        Func<NodeShell, CancellationToken, Task<T>> read, CancellationToken ct) where T : class
    {
        NodeShell host;
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connecting.CancelAfter(ConnectBound);
            try { host = await connect(droplet, connecting.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return (null, $"no SSH answer within {ConnectBound.TotalSeconds:0} s"); }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security) { return (null, e.Message); }
        }
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reading.CancelAfter(ReadBound);
        try { return (await read(host, reading.Token).ConfigureAwait(false), null); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return (null, $"connected, but no answer over SSH within {ReadBound.TotalSeconds:0} s"); }
        catch (Ssh.SshTimeoutException) { return (null, $"connected, but no answer over SSH within {ReadBound.TotalSeconds:0} s"); }
    }

    /// <summary>
    /// The same read on every member that has a droplet, all at once; each result carries the member
    /// and, when it could not be read, why (the SwarmPorts check names such a member).
    /// </summary>
    public static async Task<IReadOnlyList<(SwarmMember Member, T? Result, string? Error)>> ReadEachAsync<T>(HealthContext context,
        IEnumerable<SwarmMember> members, Func<NodeShell, CancellationToken, Task<T>> read, CancellationToken ct) where T : class
    {
        var reads = members.Select(m => (Member: m, Droplet: context.DropletOf(m))).Where(p => p.Droplet?.PublicAddress != null)
            .Select(async p =>
            {
                var (result, error) = await ReadAsync(context, p.Droplet!, read, ct).ConfigureAwait(false);
                return (p.Member, result, error);
            });
        return await Task.WhenAll(reads).ConfigureAwait(false);
    }

    /// <summary>For a pass message: the members that could not be read, which SwarmPorts names; empty when all were.</summary>
    public static string Unread<T>(IReadOnlyList<(SwarmMember Member, T? Result, string? Error)> read) where T : class
    {
        var unread = read.Where(r => r.Result is null).Select(r => r.Member.Hostname).ToList();
        return unread.Count == 0 ? "" : $" Not read: {string.Join(", ", unread)} (the SwarmPorts check names why).";
    }
}
