using SwarmTools.Engine.Firewalls;
using SwarmTools.Engine.Ssh;
using SwarmTools.Engine.Nodes;

namespace SwarmTools.Simulation;

/// <summary>The commands the orchestration runs on a node, told apart by their text.</summary>
public enum CommandKind
{
    CloudInit,
    DockerVersion,
    SwarmState,
    Members,
    Init,
    JoinToken,
    Join,
    FirewallRead,
    FirewallChange,
    /// <summary>A new node's own host key: made on the node, sshd reloaded, checked on a fresh connection (NodeConnections.OwnHostKeyAsync).</summary>
    HostKey,
    Other,
}

public static class CommandKinds
{
    public static CommandKind Of(string command) => command switch
    {
        ReadinessProbe.CloudInitCommand => CommandKind.CloudInit,
        ReadinessProbe.DockerCommand => CommandKind.DockerVersion,
        HostFirewallState.ReadCommand => CommandKind.FirewallRead,
        _ when command.StartsWith("docker info --format '{{json .Swarm}}'", StringComparison.Ordinal) => CommandKind.SwarmState,
        _ when command.StartsWith("docker node inspect $(docker node ls -q)", StringComparison.Ordinal) => CommandKind.Members,
        _ when command.StartsWith("docker swarm init ", StringComparison.Ordinal) => CommandKind.Init,
        _ when command.StartsWith("docker swarm join-token -q ", StringComparison.Ordinal) => CommandKind.JoinToken,
        _ when command.StartsWith("curl ", StringComparison.Ordinal) && command.EndsWith("/swarm/join", StringComparison.Ordinal) => CommandKind.Join,
        _ when command.StartsWith("set -e\n", StringComparison.Ordinal) && command.Contains("ufw", StringComparison.Ordinal) => CommandKind.FirewallChange,
        _ => CommandKind.Other,
    };

    /// <summary>ufw rule lines in a firewall change (what its cost grows with).</summary>
    public static int RuleLines(string script)
    {
        var start = script.IndexOf("swarmtools_rules() { cat <<'SWARMTOOLS'\n", StringComparison.Ordinal);
        if (start < 0) return 0;
        var body = script[(script.IndexOf('\n', start) + 1)..];
        return body[..body.IndexOf("\nSWARMTOOLS\n", StringComparison.Ordinal)].Split('\n').Length;
    }
}
