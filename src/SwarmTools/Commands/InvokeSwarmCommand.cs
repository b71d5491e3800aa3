using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using SwarmTools.Infrastructure;
using SwarmTools.Orchestration;

namespace SwarmTools.Commands
{
    /// <summary>
    /// Runs a shell command on nodes in parallel over their SSH sessions and returns one object
    /// per node (exit code, stdout, stderr) — the module's `docker-machine ssh`.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "SwarmCommand", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(SwarmCommandResult))]
    public sealed class InvokeSwarmCommand : SshCmdlet
    {
        private readonly List<SwarmNode> _nodes = new List<SwarmNode>();

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Command { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipeline = true)]
        [Alias("Node")]
        public SwarmNode[] InputObject { get; set; } = Array.Empty<SwarmNode>();

        /// <summary>Text for the command's standard input: the place for secrets, which must never be in the command line.</summary>
        [Parameter]
        public string? InputText { get; set; }

        /// <summary>Time allowed per node.</summary>
        [Parameter]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

        /// <summary>Nodes worked on at once.</summary>
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
            Run(async (queue, ct) =>
            {
                using var slots = new SemaphoreSlim(ThrottleLimit);
                await Task.WhenAll(_nodes.Select(async node =>
                {
                    await slots.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        var session = await NodeConnections.ConnectAsync(node, access, ct).ConfigureAwait(false);
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
}
