using System;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>What work run on a live manager (<see cref="SwarmMemberCmdlet"/>'s RunOnManager) is handed: the manager's shell, the cmdlet's output queue, the observer of the activity, and how to reach other nodes.</summary>
internal sealed class AtManager(NodeShell manager, OutputQueue queue, SwarmObserver observer, Func<SwarmNode, CancellationToken, Task<NodeShell>> connect)
{
    public NodeShell Manager { get; } = manager;
    public OutputQueue Queue { get; } = queue;
    public SwarmObserver Observer { get; } = observer;
    public Func<SwarmNode, CancellationToken, Task<NodeShell>> Connect { get; } = connect;
}
