namespace SwarmTools.Engine.Nodes;

/// <summary>
/// What provisioning reports while it runs. Called from worker threads: the PowerShell face
/// queues these and writes them on the pipeline thread.
/// </summary>
public interface IProvisionObserver
{
    void Verbose(string message);
    void Progress(string activity, string status, int percent);
    /// <summary>The API accepted the droplet: it exists and is billed from now on.</summary>
    void Created(SwarmNode node);
    void Ready(SwarmNode node);
    void Failed(string name, SwarmToolsException error);
}
