using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Base of every cmdlet: Ctrl+C (StopProcessing) cancels the running work at once, and async
/// work runs off the pipeline thread while its writes are pumped back onto it.
/// </summary>
public abstract class SwarmCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stop = new CancellationTokenSource();

    protected CancellationToken CancelToken => _stop.Token;

    protected override void StopProcessing() => _stop.Cancel();

    /// <summary>Runs <paramref name="work"/> on the thread pool; its queued writes happen here, on the pipeline thread.</summary>
    protected internal T RunOffPipeline<T>(Func<OutputQueue, CancellationToken, Task<T>> work)
    {
        var queue = new OutputQueue();
        return PumpUntil(queue, Task.Run(() => work(queue, _stop.Token)));
    }

    private OutputQueue? _sharedQueue;

    /// <summary>
    /// For work that spans several pipeline inputs (nodes arriving one by one): writes queued
    /// here are carried out by <see cref="DrainSharedQueue"/> and <see cref="FinishSharedQueue{T}"/>.
    /// </summary>
    protected OutputQueue SharedQueue => _sharedQueue ??= new OutputQueue();

    /// <summary>Carries out what background work queued so far; call it from ProcessRecord.</summary>
    protected void DrainSharedQueue() => _sharedQueue?.Drain(this);

    /// <summary>Pumps the streaming queue until <paramref name="work"/> ends, then returns its result.</summary>
    protected T FinishSharedQueue<T>(Task<T> work) => PumpUntil(SharedQueue, work);

    /// <summary>
    /// Carries out <paramref name="work"/>'s writes until it ends. The one place where Ctrl+C
    /// becomes PowerShell's <see cref="PipelineStoppedException"/>: cmdlets never catch a
    /// cancellation themselves (to report what exists, they catch PipelineStoppedException).
    /// </summary>
    private T PumpUntil<T>(OutputQueue queue, Task<T> work)
    {
        work.ContinueWith(_ => queue.Complete(), TaskScheduler.Default);
        queue.Pump(this);
        try
        {
            return work.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected void RunOffPipeline(Func<OutputQueue, CancellationToken, Task> work) =>
        RunOffPipeline<bool>(async (q, ct) => { await work(q, ct).ConfigureAwait(false); return true; });

    /// <summary>
    /// After Ctrl+C the pipeline takes no more writes, but the user must learn what changed:
    /// the host still shows text. Swarm work is state-based, so running it again finishes it.
    /// </summary>
    protected void ReportStopped(System.Collections.Generic.IReadOnlyList<string> done) =>
        Host?.UI?.WriteWarningLine(done.Count == 0
            ? "Stopped before anything was changed on the nodes."
            : $"Stopped. Done so far: {string.Join("; ", done)}. Run the same command again to finish: nodes already in place are left as they are.");

    /// <summary>The error record for an exception the engine raised: stable id, precise category.</summary>
    protected static ErrorRecord ToErrorRecord(Exception e, object? target = null) => ErrorRecords.From(e, target);

    /// <summary>The record a failure that ends the cmdlet becomes; a cmdlet that leaves things behind adds what they are.</summary>
    protected virtual ErrorRecord TerminatingRecord(Exception e) => ToErrorRecord(e);

    /// <summary>For the composed helpers (<see cref="ApiSession"/>): the cmdlet's own terminating record.</summary>
    internal ErrorRecord TerminatingRecordOf(Exception e) => TerminatingRecord(e);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _stop.Dispose();
    }
}
