using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Runs the chosen checks at once, each within its own bound: a check that hangs (a node that
/// never answers) becomes a Fail finding when its time is up, and the others report as usual.
/// </summary>
public static class SwarmHealth
{
    /// <summary>Long enough for a node's SSH connect bound and a probe; short enough that a dead node never stalls a run.</summary>
    public static readonly TimeSpan CheckBound = TimeSpan.FromSeconds(25);

    public static async Task<IReadOnlyList<SwarmCheck>> RunAsync(HealthContext context, IReadOnlyList<ISwarmCheck> checks, TimeSpan bound, CancellationToken ct)
    {
        var runs = checks.Select(c => RunOneAsync(c, context, bound, ct)).ToList();
        var findings = await Task.WhenAll(runs).ConfigureAwait(false);
        return findings.SelectMany(f => f).ToList();
    }

    private static async Task<IReadOnlyList<SwarmCheck>> RunOneAsync(ISwarmCheck check, HealthContext context, TimeSpan bound, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(bound);
        var work = Task.Run(() => check.RunAsync(context, limit.Token), limit.Token);
        // A check that ignores its token is still given up on: the bound holds whatever the check does.
        var done = await Task.WhenAny(work, Task.Delay(bound + TimeSpan.FromSeconds(1), ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (done != work)
        {
            _ = work.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed, never rethrown
            return new[] { TimedOut(check, context, bound) };
        }
        try
        {
            return await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new[] { TimedOut(check, context, bound) };
        }
        catch (Exception e) when (!(e is OperationCanceledException))
        {
            return new[] { context.Finding(check.Name, context.Swarm, CheckStatus.Fail,
                $"The check could not be made: {e.Message}", "Fix what the message names, then run Test-Swarm again.") };
        }
    }

    private static SwarmCheck TimedOut(ISwarmCheck check, HealthContext context, TimeSpan bound) =>
        context.Finding(check.Name, context.Swarm, CheckStatus.Fail,
            $"The check did not finish within {bound.TotalSeconds:0} s: a node or the manager does not answer.",
            "Find the node that does not answer (Get-Swarm -Verbose names them), bring it back, then run Test-Swarm again.");
}
