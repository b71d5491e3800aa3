using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Stacks;

/// <summary>Reads services, stacks and tasks through a manager: docker's JSON, parsed here (no local docker CLI).</summary>
public static class StackReader
{
    private const string Split = "@@inspect";

    /// <summary>The services of <paramref name="stack"/> (all services when null), by name.</summary>
    public static async Task<List<ServiceRecord>> ServicesAsync(NodeShell manager, string? stack, CancellationToken ct)
    {
        var filter = stack is null ? "" : $" --filter label={StackName.NamespaceLabel}={NodeShell.Quote(stack)}";
        var command = $"docker service ls{filter} --format '{{{{json .}}}}' && echo {Split} && docker service ls -q{filter} | xargs -r docker service inspect --format '{{{{json .}}}}'";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var output = await manager.ReadAsync(command, ct).ConfigureAwait(false);
                var at = output.IndexOf(Split, StringComparison.Ordinal);
                var lines = output.Split('\n');
                var ls = at < 0 ? lines : output.Substring(0, at).Split('\n');
                var inspect = at < 0 ? Array.Empty<string>() : output.Substring(at + Split.Length).Split('\n');
                return ServiceRecord.Parse(ls, inspect);
            }
            // A service removed between `ls` and `inspect` (a stack being removed): read again.
            catch (SwarmToolsException e) when (attempt < 3 && e.Message.IndexOf("no such service", StringComparison.OrdinalIgnoreCase) >= 0) { }
        }
    }

    /// <summary>The stacks, as `docker stack ls` derives them: services grouped by their namespace label.</summary>
    public static List<SwarmStack> Stacks(IEnumerable<ServiceRecord> services) =>
        services.Where(s => s.Service.Stack.Length > 0).GroupBy(s => s.Service.Stack, StringComparer.Ordinal)
            .Select(g => new SwarmStack { Name = g.Key, Services = g.Count(), Converged = g.Count(s => s.Service.Converged) })
            .OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    /// <summary>The tasks of these services (docker service ps), newest first per slot; none for no service.</summary>
    public static async Task<List<SwarmTask>> TasksOfServicesAsync(NodeShell manager, IEnumerable<string> services, CancellationToken ct)
    {
        var names = services.ToList();
        if (names.Count == 0) return new List<SwarmTask>();
        var output = await manager.ReadAsync($"docker service ps --no-trunc --format '{{{{json .}}}}' {string.Join(" ", names.Select(NodeShell.Quote))}", ct).ConfigureAwait(false);
        return TaskRecord.Parse(output.Split('\n'));
    }

    /// <summary>The tasks placed on a node (docker node ps), by its hostname or id.</summary>
    public static async Task<List<SwarmTask>> TasksOfNodeAsync(NodeShell manager, string node, CancellationToken ct)
    {
        var output = await manager.ReadAsync($"docker node ps --no-trunc --format '{{{{json .}}}}' {NodeShell.Quote(node)}", ct).ConfigureAwait(false);
        return TaskRecord.Parse(output.Split('\n'));
    }
}
