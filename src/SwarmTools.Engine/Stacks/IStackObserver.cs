namespace SwarmTools.Engine.Stacks;

/// <summary>What stack work reports while it runs on worker threads: a line of progress per service.</summary>
public interface IStackObserver
{
    void Verbose(string message);
    void Warning(string message);
    /// <summary>The service's progress; <paramref name="done"/> ends its line.</summary>
    void ServiceProgress(int index, string service, string status, int percent, bool done);
}
