using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// Removes a stack and waits, bounded, until nothing of it is left: its services, its tasks (a task
/// leaves the swarm's store once its node has removed the container) and its networks. Docker
/// removes a network only once no container uses it, so a network left by `docker stack rm` is
/// removed again once the tasks are gone. A task leaves the store before its node has removed the
/// container, so each node is then asked, bounded, until none of the stack's containers and networks is left.
/// </summary>
public static class StackRemoval
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Services, networks and tasks with the stack's label, one "kind id" per line. docker stack ps
    /// fails with "nothing found in stack" once no task is left: that is its empty answer.
    /// </summary>
    internal static string LeftCommand(string stack)
    {
        var q = NodeShell.Quote($"label={StackName.NamespaceLabel}={stack}");
        return $"docker service ls -q --filter {q} | sed 's/^/service /' && docker network ls -q --filter {q} | sed 's/^/network /' && " +
               $"{{ docker stack ps -q --no-trunc {NodeShell.Quote(stack)} 2>/dev/null | sed 's/^/task /'; true; }}";
    }

    public static async Task<List<string>> LeftAsync(NodeShell manager, string stack, CancellationToken ct) =>
        (await manager.ReadAsync(LeftCommand(stack), ct).ConfigureAwait(false)).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    /// <summary>The stack's containers and networks on one node, one "kind id" per line.</summary>
    internal static string LeftOnNodeCommand(string stack)
    {
        var q = NodeShell.Quote($"label={StackName.NamespaceLabel}={stack}");
        return $"docker ps -aq --filter {q} | sed 's/^/container /' && docker network ls -q --filter {q} | sed 's/^/network /'";
    }

    /// <summary>
    /// Removes the stack through <paramref name="manager"/>, then waits until nothing of it is left on
    /// it and on <paramref name="nodes"/> (the swarm's droplets). A node that cannot be reached within
    /// <see cref="NodeReach.Member"/> is named in a warning, never waited for.
    /// </summary>
    public static async Task RemoveAsync(NodeShell manager, string stack, TimeSpan timeout, IStackObserver observer, CancellationToken ct,
        IReadOnlyList<SwarmNode>? nodes = null, Func<SwarmNode, CancellationToken, Task<NodeShell>>? connect = null)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        await RemoveFromSwarmAsync(manager, stack, deadline, timeout, observer, ct).ConfigureAwait(false);
        var hosts = new List<NodeShell> { manager };
        foreach (var node in (nodes ?? Array.Empty<SwarmNode>()).Where(n => n.Id != manager.Node.Id && connect != null))
        {
            try { hosts.Add(await NodeReach.ConnectWithinAsync(connect!, node, NodeReach.Member, ct).ConfigureAwait(false)); }
            catch (SwarmToolsException e) when (e.Kind != FailureKind.Security)
            {
                observer.Warning($"{node.Name} could not be reached to see that the stack {stack}'s containers are gone from it: {e.Message}");
            }
        }
        foreach (var host in hosts)
        {
            while (true)
            {
                var left = (await host.ReadAsync(LeftOnNodeCommand(stack), ct).ConfigureAwait(false)).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
                if (left.Count == 0) break;
                observer.ServiceProgress(0, stack, $"waiting until {host.Name} has removed {left.Count} container(s) and network(s)", 90, false);
                if (DateTimeOffset.UtcNow > deadline)
                    throw new SwarmToolsException(ErrorIds.StackRemoveIncomplete, FailureKind.Timeout,
                        $"The stack {stack} was removed from the swarm, but {host.Name} still had {string.Join("; ", left.Take(5))} {timeout.TotalSeconds:0} s later. Docker goes on removing them; run Remove-SwarmStack -Name {stack} again to wait for it.", stack);
                await Task.Delay(Poll, ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task RemoveFromSwarmAsync(NodeShell manager, string stack, DateTimeOffset deadline, TimeSpan timeout, IStackObserver observer, CancellationToken ct)
    {
        await manager.ChangeAsync($"docker stack rm {NodeShell.Quote(stack)}", ct).ConfigureAwait(false);
        while (true)
        {
            var left = await LeftAsync(manager, stack, ct).ConfigureAwait(false);
            if (left.Count == 0) return;
            var kinds = left.GroupBy(l => l.Split(' ')[0]).Select(g => $"{g.Count()} {g.Key}(s)").ToList();
            observer.ServiceProgress(0, stack, "waiting until these are gone: " + string.Join(", ", kinds), 50, false);
            // Networks go once their tasks have: docker stack rm tried while containers still used them.
            if (left.All(l => l.StartsWith("network ", StringComparison.Ordinal)))
                await manager.ChangeAsync($"docker network rm {string.Join(" ", left.Select(l => NodeShell.Quote(l.Substring(8))))} >/dev/null 2>&1 || true", $"remove the networks {stack} left", ct).ConfigureAwait(false);
            if (DateTimeOffset.UtcNow > deadline)
                throw new SwarmToolsException(ErrorIds.StackRemoveIncomplete, FailureKind.Timeout,
                    $"The stack {stack} was removed, but {string.Join(", ", kinds)} of it were still there {timeout.TotalSeconds:0} s later ({string.Join("; ", left.Take(5))}). Docker goes on removing them; run Remove-SwarmStack -Name {stack} again to wait for it.", stack);
            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }
}
