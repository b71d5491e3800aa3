using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Stacks;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Lists a swarm's stacks, as docker stack ls does, read through a manager.</summary>
/// <remarks>
/// <para>Returns SwarmTools.SwarmStack objects: Name, Services (how many), Orchestrator, and Converged
/// (how many of its services run all their replicas with no update under way). A stack is the services
/// that share Docker's com.docker.stack.namespace label. It only reads: nothing changes.</para>
/// </remarks>
/// <note>Get-SwarmStack | Where-Object { $_.Converged -lt $_.Services } finds the stacks that need a look; Get-SwarmService -Stack says which service.</note>
/// <seealso cref="GetSwarmService"/>
/// <seealso cref="DeploySwarmStack"/>
[Cmdlet(VerbsCommon.Get, "SwarmStack")]
[OutputType(typeof(SwarmStack))]
public sealed class GetSwarmStack : SwarmMemberCmdlet
{
    /// <summary>Only stacks of these names (wildcards allowed).</summary>
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
            var services = RunOnManager("Reading the stacks", Swarm?.Nodes, (at, ct) => StackReader.ServicesAsync(at.Manager, null, ct));
            var stacks = StackReader.Stacks(services).Where(s => patterns.Count == 0 || patterns.Any(p => p.IsMatch(s.Name))).ToList();
            foreach (var n in Name.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && stacks.All(s => !s.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
                WriteError(ErrorRecords.From(new SwarmToolsException(ErrorIds.StackNotFound, FailureKind.NotFound, $"There is no stack '{n}' on the swarm: Get-SwarmStack lists them.", n)));
            WriteObject(stacks, enumerateCollection: true);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
