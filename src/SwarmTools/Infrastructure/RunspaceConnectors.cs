using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Infrastructure;

/// <summary>
/// The connector a runspace's cmdlets reach nodes through: SSH, unless the application that
/// opened the runspace chose another for it (the tests and the benchmark host the module in
/// process and answer from simulated hosts). It is chosen the way PowerShell's hosting API
/// chooses a runspace's host and initial state: by whoever creates the runspace, from outside
/// it. Nothing inside a session (a variable, a parameter, a preference) can see or change it,
/// and two runspaces of one process keep their own.
/// </summary>
public static class RunspaceConnectors
{
    private static readonly ConditionalWeakTable<Runspace, INodeConnector> Chosen = new ConditionalWeakTable<Runspace, INodeConnector>();

    /// <summary>Reaches the nodes of <paramref name="runspace"/>'s cmdlets through <paramref name="connector"/>; call it before the runspace runs a command that reaches a node.</summary>
    public static void Use(Runspace runspace, INodeConnector connector) => Chosen.AddOrUpdate(runspace, connector);

    /// <summary>The connector of <paramref name="runspace"/> (the cmdlet's: <c>Runspace.DefaultRunspace</c> on its pipeline thread), SSH unless one was chosen.</summary>
    public static INodeConnector For(Runspace? runspace) =>
        runspace != null && Chosen.TryGetValue(runspace, out var connector) ? connector : SshNodeConnector.Instance;
}
