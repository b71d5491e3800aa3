using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace SwarmTools.Infrastructure;

/// <summary>
/// Writes requested by background work, carried to the pipeline thread: PowerShell allows
/// WriteObject, WriteError, WriteVerbose and WriteProgress from that thread only.
/// </summary>
public sealed class OutputQueue
{
    private readonly BlockingCollection<Action<Cmdlet>> _writes = new BlockingCollection<Action<Cmdlet>>();

    public void Object(object value) => Add(c => c.WriteObject(value));
    public void Error(ErrorRecord record) => Add(c => c.WriteError(record));
    public void Warning(string message) => Add(c => c.WriteWarning(message));
    public void Verbose(string message) => Add(c => c.WriteVerbose(message));
    public void Debug(string message) => Add(c => c.WriteDebug(message));
    public void Progress(ProgressRecord record) => Add(c => c.WriteProgress(record));

    /// <summary>
    /// Asks a question that only the pipeline thread may ask (ShouldProcess) and waits for the
    /// answer; a stopped pipeline cancels the wait.
    /// </summary>
    public Task<bool> Ask(Func<Cmdlet, bool> question, CancellationToken ct)
    {
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = ct.Register(() => answer.TrySetCanceled());
        answer.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        Add(c =>
        {
            try { answer.TrySetResult(question(c)); }
            catch (Exception e) { answer.TrySetException(e); throw; }
        });
        return answer.Task;
    }

    private void Add(Action<Cmdlet> write)
    {
        // Work that outlives its pipeline (stopped with Ctrl+C) has nobody left to write to.
        try { _writes.Add(write); } catch (InvalidOperationException) { }
    }

    internal void Complete() => _writes.CompleteAdding();

    /// <summary>Runs the writes queued so far, without waiting for more (between two pipeline inputs).</summary>
    internal void Drain(Cmdlet cmdlet)
    {
        while (_writes.TryTake(out var write)) write(cmdlet);
    }

    /// <summary>Runs queued writes on the calling (pipeline) thread until <see cref="Complete"/>.</summary>
    internal void Pump(Cmdlet cmdlet)
    {
        foreach (var write in _writes.GetConsumingEnumerable()) write(cmdlet);
    }
}
