using System;
using System.Linq;
using System.Management.Automation;
using SwarmTools.Engine.Nodes;
using SwarmTools.Engine.Orchestration;
using SwarmTools.Engine.Stacks;
using SwarmTools.Infrastructure;

namespace SwarmTools.Commands;

/// <summary>Deploys a stack from a compose file through a manager and waits until its services converge.</summary>
/// <remarks>
/// <para>The compose file travels to a manager over its pinned SSH session, on the standard input of
/// `docker stack deploy -c -`: never in a command line, never a file on the host. No local docker CLI is
/// needed. Before anything is sent, the stack name, the file (YAML, with services) and the names Docker
/// would give the services are checked; a file that needs other files of this machine (env_file, build,
/// a config or secret read from a file) is refused, since only the compose file reaches the manager.</para>
/// <para>Then it waits, within -Timeout, until every service runs its desired replicas and any update
/// the deploy started has completed, with a progress line per service. When a service's new tasks keep
/// failing it stops early and names them with Docker's error: an image that cannot be had
/// (StackImageUnavailable), a port already taken (StackPortInUse), no node that meets the placement
/// (StackNoSuitableNode), other failures (StackTaskFailed). The stack stays deployed either way.</para>
/// <para>It returns the stack's services, each with Change: Created, Updated, Unchanged (its spec is as it
/// was: Docker's deploy updates every service, but one whose spec did not change keeps its tasks) or
/// Removed (-Prune). A re-deploy of the same file says that nothing changed.</para>
/// <para>When Set-SwarmFirewall filters published ports, a port the stack publishes that the policy does
/// not allow gets a warning: it is reachable only from the members, and the warning names the
/// Set-SwarmFirewall -AllowPort that opens it.</para>
/// </remarks>
/// <note>-WhatIf reads the stack's services and says which would be created, which get a new image, which
/// Docker updates only if another part of their spec differs (that is known only once it has deployed), and
/// which -Prune removes. Environment variables in the file are filled in on the manager, as docker stack deploy does there.</note>
/// <seealso cref="GetSwarmService"/>
/// <seealso cref="RemoveSwarmStack"/>
[Cmdlet("Deploy", "SwarmStack", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(SwarmService))]
public sealed class DeploySwarmStack : SwarmMemberCmdlet
{
    /// <summary>The stack's name: its services are named stack_service.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The compose file (version 3 format, as docker stack deploy reads it).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>A swarm from Get-Swarm: a manager among its nodes is asked.</summary>
    [Parameter]
    public Swarm? Swarm { get; set; }

    /// <summary>Remove the stack's services that the compose file no longer lists.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>Send the manager's registry login (its ~/.docker/config.json) to the nodes, for images in a private registry.</summary>
    [Parameter]
    public SwitchParameter WithRegistryAuth { get; set; }

    /// <summary>Whether the manager asks the registry for each image's digest: Always (pins every node to the same image), Changed, or Never (images only on the nodes).</summary>
    /// <value>Always</value>
    [Parameter]
    [ValidateSet("Always", "Changed", "Never")]
    public string ResolveImage { get; set; } = "Always";

    /// <summary>Return once Docker took the stack, without waiting for the services to converge.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>How long the deploy and the wait for convergence may take; then StackConvergeTimeout names the services that lag.</summary>
    /// <value>5 minutes</value>
    [Parameter]
    [ValidatePositiveTimeSpan]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    protected override void EndProcessing()
    {
        ComposeFile file;
        try
        {
            StackName.Validate(Name);
            file = ComposeFile.Load(GetUnresolvedProviderPathFromPSPath(Path), Name);
        }
        catch (SwarmToolsException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
            return;
        }
        var options = new StackDeployOptions { Prune = Prune, WithRegistryAuth = WithRegistryAuth, ResolveImage = ResolveImage.ToLowerInvariant(), NoWait = NoWait, Timeout = Timeout };
        try
        {
            var services = RunOnManager("Deploying " + Name, Swarm?.Nodes, async (at, ct) =>
            {
                var (manager, queue) = (at.Manager, at.Queue);
                var plan = await StackDeployment.PlanAsync(manager, Name, file, Prune, ct).ConfigureAwait(false);
                if (!await queue.Ask(c => c.ShouldProcess($"stack {Name} on the swarm of {manager.Name}", plan.Describe()), ct).ConfigureAwait(false))
                    return null;
                var observer = new StackObserver(queue, "Deploying " + Name);
                var deployed = await StackDeployment.DeployAsync(manager, Name, file, options, observer, ct).ConfigureAwait(false);
                observer.Completed();
                return deployed;
            });
            if (services is null) return;
            if (services.All(s => s.Change == ServiceChange.Unchanged))
                WriteInformation(new HostInformationMessage { Message = $"Nothing changed: the {services.Count} service(s) of {Name} have the specs they had before the deploy." }, new[] { "PSHOST" });
            WriteObject(services, enumerateCollection: true);
        }
        catch (Exception e) when (e is SwarmToolsException || e is SwarmTools.Engine.DigitalOcean.DigitalOceanException)
        {
            ThrowTerminatingError(ErrorRecords.From(e));
        }
    }
}
