using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Stacks;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Lists a swarm's services, as docker service ls does, read through a manager.</summary>
/// <remarks>
/// <para>Returns SwarmTools.SwarmService objects: Name, Stack, Mode, Running and Desired replicas
/// (Replicas shows them as docker does, 2/3), Image, published Ports, and UpdateState (the state of the
/// service's last update: updating, completed, paused, rollback_completed; empty when never updated).
/// It reads `docker service ls` and `docker service inspect` as JSON on the manager; nothing changes.</para>
/// </remarks>
/// <note>Get-SwarmService -Stack web | Get-SwarmTask shows the tasks of a stack, with their errors.</note>
/// <seealso cref="GetSwarmStack"/>
/// <seealso cref="GetSwarmTask"/>
[Cmdlet(VerbsCommon.Get, "SwarmService")]
[OutputType(typeof(SwarmService))]
public sealed class GetSwarmService : SwarmMemberCmdlet
{
    /// <summary>Only the services of this stack.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateDockerName]
    public string? Stack { get; set; }

    /// <summary>Only services of these names (wildcards allowed), with the stack's prefix: web_app.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateDockerName(Wildcards = true)]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>A swarm from Get-Swarm: a manager among its nodes is asked.</summary>
    [Parameter]
    public Swarm? Swarm { get; set; }

    protected override void EndProcessing()
    {
        var patterns = Name.Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        try
        {
            var services = RunOnManager("Reading the services", Swarm?.Nodes, (at, ct) => StackReader.ServicesAsync(at.Manager, Stack, ct));
            if (Stack != null && services.Count == 0)
                throw new SwarmToolsException(ErrorIds.StackNotFound, FailureKind.NotFound, $"There is no stack '{Stack}' on the swarm: Get-SwarmStack lists them.", Stack);
            var shown = services.Select(s => s.Service).Where(s => patterns.Count == 0 || patterns.Any(p => p.IsMatch(s.Name))).ToList();
            foreach (var n in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && shown.All(s => !s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
                WriteError(ErrorRecords.From(new SwarmToolsException(ErrorIds.ServiceNotFound, FailureKind.NotFound, $"There is no service '{n}'{(Stack is null ? "" : " in the stack " + Stack)}: Get-SwarmService lists them.", n)));
            WriteObject(shown, enumerateCollection: true);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
