using System;
using System.Collections.Concurrent;
using System.Management.Automation;

namespace SwarmTools.Infrastructure
{
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

        private void Add(Action<Cmdlet> write)
        {
            // Work that outlives its pipeline (stopped with Ctrl+C) has nobody left to write to.
            try { _writes.Add(write); } catch (InvalidOperationException) { }
        }

        internal void Complete() => _writes.CompleteAdding();

        /// <summary>Runs queued writes on the calling (pipeline) thread until <see cref="Complete"/>.</summary>
        internal void Pump(Cmdlet cmdlet)
        {
            foreach (var write in _writes.GetConsumingEnumerable()) write(cmdlet);
        }
    }
}
