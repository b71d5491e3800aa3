using System;
using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Orchestration;

/// <summary>Every failure swarm formation reports about a node: stable error ids and messages that say what to do next.</summary>
internal static class FormationErrors
{
    public static SwarmToolsException WorkerElsewhere(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.ManagerNeeded, FailureKind.InvalidOperation,
            $"{node.Name} is a worker of an existing swarm. Give that swarm's manager with -Manager (or pass a manager first), or take {node.Name} out of its swarm first.", node.Name);

    public static SwarmToolsException NotAManager(SwarmNode manager, NodeSwarmState state) =>
        new SwarmToolsException(ErrorIds.NotAManager, FailureKind.InvalidArgument,
            $"{manager.Name} is not a manager of a swarm (its state is '{state.ReportedState}'). Pass a manager of the swarm to join, or create one with Initialize-Swarm.", manager.Name);

    public static SwarmToolsException InAnotherSwarm(SwarmNode node, NodeSwarmState state) =>
        new SwarmToolsException(ErrorIds.NodeInAnotherSwarm, FailureKind.InvalidOperation,
            $"{node.Name} is already in another swarm{(state.ClusterId is null ? "" : " (" + state.ClusterId + ")")}; SwarmTools never moves a node silently. " +
            $"If it should join this one, make it leave first: Get-SwarmNode -Name {node.Name} | Invoke-SwarmCommand 'docker swarm leave' (a manager must be demoted first).", node.Name);

    public static SwarmToolsException JoinPending(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.SwarmJoinPending, FailureKind.InvalidOperation,
            $"{node.Name} is still trying to join a swarm (state 'pending'), usually because 2377/tcp on the manager is blocked. " +
            $"Stop that attempt with: Get-SwarmNode -Name {node.Name} | Invoke-SwarmCommand 'docker swarm leave --force', open the swarm ports, and run again.", node.Name);

    public static SwarmToolsException Locked(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.SwarmLocked, FailureKind.InvalidOperation,
            $"{node.Name} is a manager of an autolocked swarm that is locked. Unlock it with 'docker swarm unlock' and the unlock key, then run again.", node.Name);

    public static SwarmToolsException NodeError(SwarmNode node, NodeSwarmState state) =>
        new SwarmToolsException(ErrorIds.SwarmNodeError, FailureKind.InvalidOperation,
            $"{node.Name}'s swarm state is 'error': {state.Error}. Reset it with: Get-SwarmNode -Name {node.Name} | Invoke-SwarmCommand 'docker swarm leave --force', then run again.", node.Name);

    /// <summary>A state this module does not know (a newer Docker): never guess what it allows.</summary>
    public static SwarmToolsException UnknownState(SwarmNode node, NodeSwarmState state) =>
        new SwarmToolsException(ErrorIds.SwarmNodeError, FailureKind.InvalidOperation,
            $"{node.Name}'s swarm state is '{state.ReportedState}', which SwarmTools does not know. Check it with: Get-SwarmNode -Name {node.Name} | Invoke-SwarmCommand 'docker info', settle it by hand (docker swarm leave --force resets it), then run again.", node.Name);

    public static SwarmToolsException ManagersNotAdmitting(SwarmNode node, IEnumerable<string> managers) =>
        new SwarmToolsException(ErrorIds.MemberNotAdmitting, FailureKind.InvalidOperation,
            $"{node.Name} was not joined as a manager: {string.Join(", ", managers.Distinct().OrderBy(n => n, StringComparer.Ordinal))} did not admit it in their firewalls, " +
            "and every manager must reach every other on 2377. Bring them back and run again, or pass -Force to join it anyway.", node.Name);

    public static SwarmToolsException MemberNotAdmitting(string member, string joining, string why, Exception? inner) =>
        new SwarmToolsException(ErrorIds.MemberNotAdmitting, FailureKind.Connection,
            $"{member}'s firewall could not be updated to admit {joining} ({why}): traffic between them may be dropped. Run Set-SwarmFirewall once {member} is reachable.", member, inner);

    public static SwarmToolsException CannotFollowLeader(string leader, string leaderAddress, SwarmNode node) =>
        new SwarmToolsException(ErrorIds.AdvertiseModeUnknown, FailureKind.InvalidArgument,
            $"The swarm's leader {leader} advertises {leaderAddress}, neither its public nor its VPC address, so {node.Name} cannot follow it. Pass -AdvertiseAddress Private or Public.", node.Name);
}
