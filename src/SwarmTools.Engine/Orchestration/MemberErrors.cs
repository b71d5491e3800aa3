namespace SwarmTools.Engine.Orchestration;

/// <summary>Every failure a member change (role, leave) reports: stable error ids and messages that say what to do next.</summary>
internal static class MemberErrors
{
    public static SwarmToolsException NotReadyToPromote(SwarmNode node, SwarmMember member) =>
        new SwarmToolsException(ErrorIds.NodeNotReady, FailureKind.InvalidOperation,
            $"{node.Name} is '{member.Status}': promoting a node the managers cannot reach can cost the swarm its quorum (moby#23784). Bring it back first.", node.Name);

    public static SwarmToolsException LastManagerEndsSwarm(SwarmNode node, int others) =>
        new SwarmToolsException(ErrorIds.LastManager, FailureKind.InvalidOperation,
            $"{node.Name} is the swarm's last manager: removing it ends the swarm{(others > 0 ? $" and strands its {others} other node(s)" : "")}. Pass -Force to do it anyway.", node.Name);

    public static SwarmToolsException OnlyManager(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.LastManager, FailureKind.InvalidOperation,
            $"{node.Name} is the swarm's only manager: without it nobody can manage the swarm. Promote another node first (Set-SwarmNode -Role Manager).", node.Name);

    public static SwarmToolsException QuorumAtRisk(SwarmNode node, string verb, int reachableOthers, int after) =>
        new SwarmToolsException(ErrorIds.QuorumAtRisk, FailureKind.InvalidOperation,
            $"Only {reachableOthers} of the other {after} managers are reachable: after you {verb} {node.Name} the swarm would lose its quorum. Bring the unreachable managers back first.", node.Name);

    public static SwarmToolsException FaultToleranceWouldDrop(SwarmNode node, string verb, int after, int then, int before) =>
        new SwarmToolsException(ErrorIds.FaultToleranceWouldDrop, FailureKind.InvalidOperation,
            $"To {verb} {node.Name} leaves {after} manager(s), which tolerate {then} failure(s) instead of {before}. Promote another node first, or pass -Force.", node.Name);

    public static SwarmToolsException DemotionNotSeen(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.DemotionNotSeen, FailureKind.Timeout,
            $"{node.Name} was demoted but still acts as a manager after 60 s; it was not taken out of the swarm. Check the swarm with Get-Swarm, then run again.", node.Name);

    public static SwarmToolsException NotAMember(SwarmNode node) =>
        new SwarmToolsException(ErrorIds.NotASwarmMember, FailureKind.InvalidOperation,
            $"{node.Name} is not a member of the swarm. Add it with Join-SwarmNode.", node.Name);
}
