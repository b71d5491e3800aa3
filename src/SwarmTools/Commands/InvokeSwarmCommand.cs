using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Runs a shell command on nodes in parallel over their SSH sessions: the module's docker-machine ssh.</summary>
/// <remarks>
/// <para>Returns one SwarmTools.SwarmCommandResult per node: the node's name and address, the exit
/// code, standard output and standard error. Nodes are worked on in parallel (-ThrottleLimit at a
/// time) over the session the module keeps open to each node, so no new SSH connection is opened
/// for a node already reached in this session.</para>
/// <para>A non-zero exit code is a result, not an error; a node that cannot be reached is an error
/// for that node only.</para>
/// </remarks>
/// <note>Secrets belong in -InputText (the command's stdin), never in -Command: a command line is
/// visible to every process on the node (ps).</note>
/// <note>The host key is checked as for every SSH cmdlet: pinned at creation, else known_hosts,
/// else only with -TrustOnFirstUse.</note>
/// <seealso cref="GetSwarmNode"/>
[Cmdlet(VerbsLifecycle.Invoke, "SwarmCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(SwarmCommandResult))]
public sealed class InvokeSwarmCommand : SshCmdlet
{
    private readonly List<SwarmNode> _nodes = new List<SwarmNode>();

    /// <summary>The shell command to run on each node (as root, with sh).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = "";

    /// <summary>The nodes to run it on, e.g. from Get-SwarmNode.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [Alias("Node")]
    public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

    /// <summary>Text for the command's standard input: the place for secrets, which must never be in the command line.</summary>
    [Parameter]
    public string? InputText { get; set; }

    /// <summary>Time allowed per node; a command still running then is stopped and reported with SshCommandTimeout.</summary>
    [Parameter]
    [ValidatePositiveTimeSpan]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many nodes are worked on at once (1 to 64).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 8;

    protected override void ProcessRecord()
    {
        foreach (var node in InputObject)
            if (ShouldProcess(node.Name, $"Run '{Command}'")) _nodes.Add(node);
    }

    protected override void EndProcessing()
    {
        if (_nodes.Count == 0) return;
        var access = Access;
        RunOffPipeline(async (queue, ct) =>
        {
            using var slots = new SemaphoreSlim(ThrottleLimit);
            await Task.WhenAll(_nodes.Select(async node =>
            {
                await slots.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var session = await NodeConnections.ShellAsync(node, access, ct).ConfigureAwait(false);
                    var result = await session.RunAsync(Command, InputText, Timeout, ct).ConfigureAwait(false);
                    queue.Object(new SwarmCommandResult
                    {
                        Node = node.Name, Address = node.PublicAddress ?? "", ExitCode = result.ExitCode,
                        StandardOutput = result.StandardOutput, StandardError = result.StandardError,
                    });
                }
                catch (SwarmToolsException e)
                {
                    queue.Error(ErrorRecords.From(e, node));
                }
                finally { slots.Release(); }
            })).ConfigureAwait(false);
        });
    }
}
