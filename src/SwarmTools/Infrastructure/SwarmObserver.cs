using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>Carries swarm work's reports and ShouldProcess questions to the pipeline thread.</summary>
internal sealed class SwarmObserver : ISwarmObserver
{
    private readonly OutputQueue _queue;
    private readonly string _activity;
    private readonly CancellationToken _ct;
    private readonly bool _confirmed;

    /// <param name="confirmed">The user already confirmed the whole operation: its steps do not ask again.</param>
    public SwarmObserver(OutputQueue queue, string activity, CancellationToken ct, bool confirmed = false)
    {
        _queue = queue;
        _activity = activity;
        _ct = ct;
        _confirmed = confirmed;
    }

    public void Verbose(string message) => _queue.Verbose(message);
    public void Warning(string message) => _queue.Warning(message);
    public void Progress(string status) => _queue.Progress(new ProgressRecord(2, _activity, status));
    public Task<bool> ShouldProcessAsync(string target, string action) =>
        _confirmed ? Task.FromResult(true) : _queue.Ask(c => c.ShouldProcess(target, action), _ct);
    public void NodeFailed(SwarmNode node, SwarmToolsException error) => _queue.Error(ErrorRecords.From(error, node));

    public void Completed() => _queue.Progress(new ProgressRecord(2, _activity, "Done") { RecordType = ProgressRecordType.Completed });
}
