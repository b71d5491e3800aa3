using System.Management.Automation;
using SwarmTools.Engine.Stacks;

namespace SwarmTools.Infrastructure;

/// <summary>Carries stack work's reports to the pipeline thread: one progress line per service, under the cmdlet's own.</summary>
internal sealed class StackObserver : IStackObserver
{
    private const int ParentId = 3;
    private readonly OutputQueue _queue;
    private readonly string _activity;

    public StackObserver(OutputQueue queue, string activity)
    {
        _queue = queue;
        _activity = activity;
    }

    public void Verbose(string message) => _queue.Verbose(message);
    public void Warning(string message) => _queue.Warning(message);

    public void ServiceProgress(int index, string service, string status, int percent, bool done)
    {
        _queue.Progress(new ProgressRecord(ParentId, _activity, "Waiting for the services to converge"));
        _queue.Progress(new ProgressRecord(ParentId + 1 + index, service, status)
        {
            ParentActivityId = ParentId,
            PercentComplete = percent,
            RecordType = done ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        });
    }

    public void Completed() => _queue.Progress(new ProgressRecord(ParentId, _activity, "Done") { RecordType = ProgressRecordType.Completed });
}
