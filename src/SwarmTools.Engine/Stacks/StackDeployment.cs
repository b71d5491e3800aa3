using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Stacks;

/// <summary>How Deploy-SwarmStack deploys.</summary>
public sealed class StackDeployOptions
{
    public bool Prune { get; set; }
    public bool WithRegistryAuth { get; set; }
    /// <summary>always, changed or never: docker stack deploy's --resolve-image.</summary>
    public string ResolveImage { get; set; } = "always";
    public bool NoWait { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Deploys a compose file through a manager: the file travels on `docker stack deploy -c -`'s
/// standard input (never in argv, never a file on the host). The services' specs are read before and
/// after: docker stack deploy updates every service it finds (and swarmkit raises the version even
/// when nothing differs), so an equal spec is what says a service did not change.
/// </summary>
public static class StackDeployment
{
    public static async Task<StackPlan> PlanAsync(NodeShell manager, string stack, ComposeFile file, bool prune, CancellationToken ct) =>
        StackPlan.For(stack, file, await StackReader.ServicesAsync(manager, stack, ct).ConfigureAwait(false), prune);

    public static async Task<List<SwarmService>> DeployAsync(NodeShell manager, string stack, ComposeFile file, StackDeployOptions options, IStackObserver observer, CancellationToken ct)
    {
        var before = (await StackReader.ServicesAsync(manager, stack, ct).ConfigureAwait(false)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var earlierTasks = new HashSet<string>((await StackReader.TasksOfServicesAsync(manager, before.Keys, ct).ConfigureAwait(false)).Select(t => t.Id), StringComparer.Ordinal);

        var command = "docker stack deploy -c -" + (options.Prune ? " --prune" : "") + (options.WithRegistryAuth ? " --with-registry-auth" : "") +
                      $" --resolve-image {options.ResolveImage} {NodeShell.Quote(stack)}";
        var result = await manager.ChangeWithInputAsync(command, $"docker stack deploy {stack} (the compose file on stdin)", file.Text, options.Timeout, ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            var said = (result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput).Trim();
            // Docker before 25 reads a file without 'version:' as version 1, which stacks never took.
            var hint = said.IndexOf("unsupported Compose file version", StringComparison.Ordinal) >= 0 ? " This Docker needs a version at the top of the file: version: \"3.8\"." : "";
            throw new SwarmToolsException(ErrorIds.StackDeployFailed, FailureKind.InvalidOperation, $"docker stack deploy {stack} failed on {manager.Name}: {said}.{hint}", stack);
        }
        foreach (var line in result.StandardOutput.Split('\n').Concat(result.StandardError.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 0))
            observer.Verbose($"{manager.Name}: {line}");

        var after = await StackReader.ServicesAsync(manager, stack, ct).ConfigureAwait(false);
        var changes = Changes(before, after);
        var rolled = after.Where(s => before.TryGetValue(s.Name, out var b) && b.TaskTemplate != s.TaskTemplate).ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var warning in await PublishedPortWarning.ForAsync(manager, after, ct).ConfigureAwait(false)) observer.Warning(warning);

        if (!options.NoWait)
            after = await new StackConvergence(manager, stack, observer, earlierTasks, rolled).WaitAsync(options.Timeout, ct).ConfigureAwait(false);
        var services = after.Select(s => { s.Service.Change = changes.TryGetValue(s.Name, out var c) ? c : ServiceChange.Created; return s.Service; }).ToList();
        services.AddRange(before.Values.Where(b => after.All(a => a.Name != b.Name)).Select(b => { b.Service.Change = ServiceChange.Removed; return b.Service; }));
        return services;
    }

    /// <summary>Each service after the deploy: created (not there before), unchanged (the same spec), or updated.</summary>
    public static Dictionary<string, ServiceChange> Changes(IReadOnlyDictionary<string, ServiceRecord> before, IEnumerable<ServiceRecord> after) =>
        after.ToDictionary(s => s.Name, s => !before.TryGetValue(s.Name, out var b) ? ServiceChange.Created
            : b.Spec == s.Spec ? ServiceChange.Unchanged : ServiceChange.Updated, StringComparer.Ordinal);
}
