using System;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Health;

/// <summary>
/// Work given up on when its time is up, whether or not it heeds its token (an SSH session to a host
/// that died may not): a caller that must never stall does not wait for it.
/// </summary>
internal static class HardBound
{
    /// <summary>The work's result; null (the default) when <paramref name="bound"/> passed first.</summary>
    public static async Task<T?> WithinAsync<T>(TimeSpan bound, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(bound);
        var running = Task.Run(() => work(limit.Token), limit.Token);
        var done = await Task.WhenAny(running, Task.Delay(bound + TimeSpan.FromSeconds(1), ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (done == running)
        {
            try { return await running.ConfigureAwait(false); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return default; }
        }
        _ = running.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observed, never rethrown
        return default;
    }
}
