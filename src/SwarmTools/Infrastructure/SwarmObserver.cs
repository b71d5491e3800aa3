using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Orchestration;

namespace SwarmTools.Infrastructure
{
    /// <summary>Carries swarm work's reports and ShouldProcess questions to the pipeline thread.</summary>
    internal sealed class SwarmObserver : ISwarmObserver
    {
        private readonly OutputQueue _queue;
        private readonly string _activity;
        private readonly CancellationToken _ct;

        public SwarmObserver(OutputQueue queue, string activity, CancellationToken ct)
        {
            _queue = queue;
            _activity = activity;
            _ct = ct;
        }

        public void Verbose(string message) => _queue.Verbose(message);
        public void Warning(string message) => _queue.Warning(message);
        public void Progress(string status) => _queue.Progress(new ProgressRecord(2, _activity, status));
        public Task<bool> ShouldProcessAsync(string target, string action) => _queue.Ask(c => c.ShouldProcess(target, action), _ct);
        public void NodeFailed(SwarmNode node, SwarmToolsException error) => _queue.Error(ErrorRecords.From(error, node));

        public void Completed() => _queue.Progress(new ProgressRecord(2, _activity, "Done") { RecordType = ProgressRecordType.Completed });
    }
}
