using System;
using System.Management.Automation;
using SwarmTools.Infrastructure;
using SwarmTools.Engine.Orchestration;

namespace SwarmTools.Commands;

/// <summary>Forms a swarm from the nodes on the pipeline and returns it.</summary>
/// <remarks>
/// <para>docker swarm init runs on the first node that arrives (or -Manager), with the advertise
/// address taken from the API's data (the VPC address by default), never Docker's guess. The other
/// nodes join as they arrive: managers one at a time up to -ManagerCount, each confirmed Reachable
/// before the next, then workers in parallel.</para>
/// <para>On the Docker 1-Click image ufw is active and blocks the swarm ports; they are opened
/// between the members (2377/tcp, 7946/tcp+udp, 4789/udp) before a node joins. Join tokens are
/// fetched just in time and sent on stdin, never in a command line or any output.</para>
/// <para>The cmdlet reads state first and changes only the difference: a re-run on a formed swarm
/// issues no side-effecting command and returns the same swarm.</para>
/// </remarks>
/// <note>A node already in another swarm is refused by name; pending, locked and error nodes come
/// with a remedy.</note>
/// <note>Ctrl+C stops at once and lists what was done; running the same command again finishes
/// the job.</note>
/// <note>When the VPC is inside 10.0.0.0/8, the swarm gets another address pool, so overlay
/// networks do not collide with it.</note>
/// <seealso cref="NewSwarmNode"/>
/// <seealso cref="JoinSwarmNode"/>
/// <seealso cref="GetSwarm"/>
[Cmdlet(VerbsData.Initialize, "Swarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(Swarm))]
public sealed class InitializeSwarm : FormationCmdlet
{
    /// <summary>Managers wanted, the first node included; the rest join as workers. Odd and at most 7 (3 tolerates 1 failure, 5 tolerates 2) unless -Force.</summary>
    [Parameter]
    [ValidateRange(1, 99)]
    public int ManagerCount { get; set; } = 1;

    /// <summary>The node that initializes the swarm, or already manages it.</summary>
    /// <value>the first node on the pipeline</value>
    [Parameter]
    public SwarmNode? Manager { get; set; }

    /// <summary>What the nodes advertise to each other: Private (their VPC address), Public (their public address), or an IP address for the initializing node.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string AdvertiseAddress { get; set; } = "Private";

    /// <summary>Rotates the worker and manager join tokens once every node has joined.</summary>
    [Parameter]
    public SwitchParameter RotateJoinTokens { get; set; }

    /// <summary>Allows an even manager count or more than 7 (with a warning about fault tolerance), and joins a manager even when another manager's firewall could not admit it.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        CheckAdvertiseChoice(AdvertiseAddress);
        CheckManagerCount(ManagerCount, Force);
        var options = new FormationOptions { ManagerCount = ManagerCount, AdvertiseAddress = AdvertiseAddress, RotateJoinTokens = RotateJoinTokens, Force = Force };
        Start(options, "Forming the swarm", formation =>
        {
            if (Manager != null) formation.StartWith(Manager);
        });
    }

    protected override void WriteResult(Swarm swarm) => WriteObject(swarm);

    internal void CheckManagerCount(int count, bool force)
    {
        if (Quorum.IsRecommended(count)) return;
        var why = count > Quorum.RecommendedMaximum
            ? $"{count} managers is more than the {Quorum.RecommendedMaximum} Docker recommends: every change waits for a majority of them"
            : $"{count} managers tolerate {Quorum.FaultTolerance(count)} failure(s), no more than {count - 1} do";
        if (!force)
            ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException(ErrorIds.ManagerCountNotRecommended, FailureKind.InvalidArgument,
                $"{why}. Use an odd count up to {Quorum.RecommendedMaximum} (3 tolerates 1 failure, 5 tolerates 2), or pass -Force.", count)));
        WriteWarning($"{why} (fault tolerance {Quorum.FaultTolerance(count - 1)} with {count - 1}, {Quorum.FaultTolerance(count)} with {count}).");
    }

    internal void CheckAdvertiseChoice(string choice)
    {
        if (choice.Equals("Private", StringComparison.OrdinalIgnoreCase) || choice.Equals("Public", StringComparison.OrdinalIgnoreCase)
            || System.Net.IPAddress.TryParse(choice, out _)) return;
        ThrowTerminatingError(ErrorRecords.From(new SwarmToolsException(ErrorIds.InvalidAdvertiseAddress, FailureKind.InvalidArgument,
            $"-AdvertiseAddress '{choice}' is not Private, Public or an IP address.", choice)));
    }
}
