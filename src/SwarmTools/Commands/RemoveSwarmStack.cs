using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Stacks;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Removes a stack and waits until nothing of it is left: its services, tasks and networks.</summary>
/// <remarks>
/// <para>Runs `docker stack rm` on a manager, then waits within -Timeout until the stack's services,
/// tasks and networks are gone from the swarm (a network Docker could not remove while containers still
/// used it is removed again once they are gone), and then until each node (those of -Swarm, else the
/// droplets under -SwarmTag) has removed the stack's containers and networks; a node that cannot be reached
/// within 30 s is named in a warning, not waited for.
/// Its configs and secrets go with it, as docker stack rm removes them.</para>
/// <para>It asks first (ConfirmImpact High: removing a stack stops a running application); -Confirm:$false
/// skips the question, -WhatIf shows the services that would be removed.</para>
/// </remarks>
/// <note>Volumes the stack's containers created stay on the nodes, as docker stack rm leaves them: remove them with Invoke-SwarmCommand 'docker volume rm …'.</note>
/// <seealso cref="DeploySwarmStack"/>
/// <seealso cref="GetSwarmStack"/>
[Cmdlet(VerbsCommon.Remove, "SwarmStack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemoveSwarmStack : SwarmMemberCmdlet
{
    private readonly List<string> _names = new List<string>();

    /// <summary>The stacks to remove, e.g. from Get-SwarmStack.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateDockerName]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>A swarm from Get-Swarm: a manager among its nodes is asked.</summary>
    [Parameter]
    public Swarm? Swarm { get; set; }

    /// <summary>How long to wait, per stack, until its services, tasks and networks are gone; then StackRemoveIncomplete names what is left.</summary>
    /// <value>2 minutes</value>
    [Parameter]
    [ValidatePositiveTimeSpan]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    protected override void ProcessRecord() => _names.AddRange(Name);

    protected override void EndProcessing()
    {
        var given = Swarm?.Nodes.ToList() ?? new List<SwarmNode>();
        // The nodes whose containers are waited for: those given, else the droplets under the tag (with a token).
        var listing = given.Count > 0 ? null : Manager is null ? Api : OptionalApi;
        try
        {
            RunOnManager("Removing stacks", given, async (at, ct) =>
            {
                var (manager, queue, connect) = (at.Manager, at.Queue, at.Connect);
                var nodes = listing is null ? given
                    : (await listing.Droplets.ListByTagAsync(SwarmTag, ct).ConfigureAwait(false)).Where(d => d.IsActive).Select(d => d.ToSwarmNode()).ToList();
                if (nodes.Count == 0) queue.Verbose($"Only {manager.Name} is checked for the stack's containers: pass the swarm's nodes (-Swarm) or a token to check every node.");
                foreach (var name in _names.Distinct(StringComparer.Ordinal))
                {
                    var services = await StackReader.ServicesAsync(manager, name, ct).ConfigureAwait(false);
                    var left = services.Count > 0 ? null : await StackRemoval.LeftAsync(manager, name, ct).ConfigureAwait(false);
                    if (services.Count == 0 && left!.Count == 0)
                    {
                        queue.Error(ErrorRecords.From(new SwarmToolsException(ErrorIds.StackNotFound, FailureKind.NotFound, $"There is no stack '{name}' on the swarm: Get-SwarmStack lists them.", name)));
                        continue;
                    }
                    var what = services.Count > 0 ? "Remove its services " + string.Join(", ", services.Select(s => s.Name)) + ", their tasks and its networks" : "Remove what is left of it: " + string.Join(", ", left!);
                    if (!await queue.Ask(c => c.ShouldProcess($"stack {name}", what), ct).ConfigureAwait(false)) continue;
                    var observer = new StackObserver(queue, "Removing " + name);
                    await StackRemoval.RemoveAsync(manager, name, Timeout, observer, ct, nodes, connect).ConfigureAwait(false);
                    observer.Completed();
                }
            });
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
