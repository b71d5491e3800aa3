using System.Threading.Tasks;

namespace SwarmTools.Engine.Orchestration;

/// <summary>
/// What swarm work reports and asks while it runs on worker threads; the PowerShell face
/// carries each call to the pipeline thread (ShouldProcess included) and answers from there.
/// </summary>
public interface ISwarmObserver
{
    void Verbose(string message);
    void Warning(string message);
    void Progress(string status);
    /// <summary>-WhatIf and -Confirm: false means "do not do it" (and nothing may change on the host).</summary>
    Task<bool> ShouldProcessAsync(string target, string action);
    void NodeFailed(SwarmNode node, SwarmToolsException error);
}
