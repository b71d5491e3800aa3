using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Engine.Stacks;

/// <summary>
/// Waits, bounded, until every service of a deployed stack runs its desired replicas and any update
/// the deploy caused is completed; stops early, naming the tasks, when a service's new tasks keep
/// failing (an image that cannot be had fails the same way at every retry).
/// </summary>
public sealed class StackConvergence
{
    /// <summary>How long a service may show failing tasks (of this deploy) before it is called failed: Docker's own restart delay is 5 s.</summary>
    public static readonly TimeSpan FailAfter = TimeSpan.FromSeconds(20);
    /// <summary>New failed tasks of one service that are enough to call it failed at once.</summary>
    public const int FailedTasksEnough = 3;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    private readonly NodeShell _manager;
    private readonly string _stack;
    private readonly IStackObserver _observer;
    private readonly ISet<string> _earlierTasks;
    private readonly IReadOnlyDictionary<string, ServiceRecord> _rolled;

    /// <param name="earlierTasks">Task ids that existed before the deploy: their errors are not this deploy's.</param>
    /// <param name="rolled">Services whose task template this deploy changed, as read right after it: they converge once their own update completes.</param>
    public StackConvergence(NodeShell manager, string stack, IStackObserver observer, ISet<string> earlierTasks, IReadOnlyDictionary<string, ServiceRecord> rolled)
    {
        _manager = manager;
        _stack = stack;
        _observer = observer;
        _earlierTasks = earlierTasks;
        _rolled = rolled;
    }

    /// <summary>Is the service where the deploy asked it to be? Jobs are not waited for: they are meant to end.</summary>
    public bool Done(ServiceRecord s)
    {
        if (s.Service.Mode.EndsWith("-job", StringComparison.Ordinal)) return true;
        if (s.Service.Running != s.Service.Desired) return false;
        // A service this deploy did not roll over: only an update under way (from earlier) is waited for.
        if (!_rolled.TryGetValue(s.Name, out var after)) return s.Service.UpdateState != "updating" && s.Service.UpdateState != "rollback_started";
        // Its own update: one that started once the deploy had changed the spec (one clock: the managers').
        return s.Service.UpdateState == "completed" && s.UpdateStartedAt >= after.UpdatedAt?.AddSeconds(-1);
    }

    public async Task<List<ServiceRecord>> WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var failingSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (true)
        {
            var services = await StackReader.ServicesAsync(_manager, _stack, ct).ConfigureAwait(false);
            var pending = services.Where(s => !Done(s)).ToList();
            Report(services);
            if (pending.Count == 0) return services;
            foreach (var s in pending.Where(s => _rolled.TryGetValue(s.Name, out var a) && s.UpdateStartedAt >= a.UpdatedAt?.AddSeconds(-1)).Where(s => s.Service.UpdateState.StartsWith("rollback", StringComparison.Ordinal) || s.Service.UpdateState == "paused"))
                throw new SwarmToolsException(ErrorIds.StackUpdateFailed, FailureKind.InvalidOperation,
                    $"Docker {(s.Service.UpdateState == "paused" ? "paused" : "rolled back")} the update of {s.Name} ({s.Service.UpdateState}): {s.Service.UpdateMessage}. " +
                    $"See its tasks with Get-SwarmTask -Service {s.Name}, fix the compose file and run Deploy-SwarmStack again.", s.Name);

            var tasks = await StackReader.TasksOfServicesAsync(_manager, pending.Select(s => s.Name), ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var failing = new List<SwarmTask>();
            foreach (var s in pending)
            {
                var bad = tasks.Where(t => t.Service == s.Name && t.Error.Length > 0 && !_earlierTasks.Contains(t.Id)).ToList();
                if (bad.Count == 0) { failingSince.Remove(s.Name); continue; }
                if (!failingSince.ContainsKey(s.Name)) failingSince[s.Name] = now;
                if (bad.Count >= FailedTasksEnough || now - failingSince[s.Name] >= FailAfter) failing.AddRange(bad);
            }
            if (failing.Count > 0) throw TaskFailure.For(_stack, failing);
            if (now > deadline)
            {
                var lagging = pending.Select(s => $"{s.Name} {s.Service.Replicas}{(s.Service.UpdateState.Length > 0 ? " (" + s.Service.UpdateState + ")" : "")}");
                var errors = tasks.Where(t => t.Error.Length > 0 && !_earlierTasks.Contains(t.Id)).Take(5).Select(t => $"{t.Name}: {t.Error}").ToList();
                throw new SwarmToolsException(ErrorIds.StackConvergeTimeout, FailureKind.Timeout,
                    $"The stack {_stack} did not converge within {timeout.TotalSeconds:0} s: {string.Join(", ", lagging)}{(errors.Count > 0 ? ". Task errors: " + string.Join("; ", errors) : "")}. " +
                    $"It is deployed and Docker goes on; check with Get-SwarmService -Stack {_stack}, or wait longer with -Timeout.", _stack);
            }
            await Task.Delay(Poll, ct).ConfigureAwait(false);
        }
    }

    private void Report(IReadOnlyList<ServiceRecord> services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var s = services[i].Service;
            var done = Done(services[i]);
            var percent = s.Desired == 0 ? 100 : Math.Min(100, 100 * s.Running / s.Desired);
            _observer.ServiceProgress(i, s.Name, done ? $"converged: {s.Replicas}" : $"{s.Replicas} running{(s.UpdateState.Length > 0 ? ", update " + s.UpdateState : "")}", done ? 100 : Math.Min(percent, 99), done);
        }
    }
}
