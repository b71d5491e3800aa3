using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Engine.Ssh;

internal static class TaskCancellation
{
    /// <summary>
    /// Stops waiting as soon as <paramref name="ct"/> fires, even if the task itself ignores it
    /// (Ctrl+C must not hang on a network wait). The abandoned task is observed so it cannot crash anything.
    /// </summary>
    public static async Task<T> WithCancellation<T>(this Task<T> task, CancellationToken ct)
    {
        if (!ct.CanBeCanceled || task.IsCompleted) return await task.ConfigureAwait(false);
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (ct.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                Observe(task);
                throw new System.OperationCanceledException(ct);
            }
        }
        return await task.ConfigureAwait(false);
    }

    public static async Task WithCancellation(this Task task, CancellationToken ct)
    {
        if (!ct.CanBeCanceled || task.IsCompleted) { await task.ConfigureAwait(false); return; }
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (ct.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
            {
                Observe(task);
                throw new System.OperationCanceledException(ct);
            }
        }
        await task.ConfigureAwait(false);
    }

    public static void Observe(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
