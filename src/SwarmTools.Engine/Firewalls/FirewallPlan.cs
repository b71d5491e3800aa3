using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// The ufw rules a node should have, from the policy, its role and the members — computed,
/// never accumulated, so that a re-run adds nothing and a member that left is deleted.
/// </summary>
public static class FirewallPlan
{
    public const int SshPort = 22;
    public const int ManagementPort = 2377; // managers only
    public const int GossipPort = 7946;     // tcp and udp, every node
    public const int OverlayPort = 4789;    // udp (VXLAN): unauthenticated, members only
    /// <summary>The Docker API ports the 1-Click image opens to anyone; the module talks SSH, so they close unless asked for.</summary>
    public static readonly int[] DockerApiPorts = { 2375, 2376 };

    public static IReadOnlyList<UfwRule> Wanted(FirewallPolicy policy, bool isManager, IEnumerable<string> members, bool sshLimited)
    {
        var rules = new List<UfwRule>();
        if (policy.IsComplete)
            rules.AddRange(policy.SshSources.Select(s => new UfwRule(sshLimited ? "limit" : "allow", "tcp", "22", s)));
        var tcpPorts = isManager ? $"{ManagementPort},{GossipPort}" : $"{GossipPort}";
        foreach (var source in (policy.SwarmSources ?? members).Distinct())
        {
            rules.Add(new UfwRule("allow", "tcp", tcpPorts, source));
            rules.Add(new UfwRule("allow", "udp", $"{OverlayPort},{GossipPort}", source));
            if (policy.EncryptedOverlay) rules.Add(new UfwRule("allow", "esp", null, source));
        }
        if (policy.IsComplete)
            rules.AddRange(policy.AllowPorts.SelectMany(p => policy.AllowPortsFrom.Select(s => new UfwRule("allow", p.Protocol, p.UfwPorts, s))));
        return rules.Distinct().ToList();
    }

    /// <summary>
    /// Would this policy shut out the SSH session it is applied through? (The session itself
    /// survives, ufw keeps established connections, but the next one would be refused.)
    /// </summary>
    public static bool LocksOut(FirewallPolicy policy, HostFirewallState state) => LocksOut(policy, state.ClientAddress);

    /// <inheritdoc cref="LocksOut(FirewallPolicy, HostFirewallState)"/>
    public static bool LocksOut(FirewallPolicy policy, string? clientAddress) =>
        policy.IsComplete && clientAddress != null && !policy.SshSources.Any(s => FirewallSource.Covers(s, clientAddress));

    /// <summary>What a node says about the SSH session it is asked on: "$SSH_CLIENT" is "address port port".</summary>
    public const string ClientAddressCommand = "echo \"$SSH_CLIENT\"";

    /// <summary>The address in <see cref="ClientAddressCommand"/>'s answer; null when there is none (not over SSH) or it is no address.</summary>
    public static string? ClientAddress(string sshClient)
    {
        var first = sshClient.Split(new[] { ' ', '\n', '\r' }, System.StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        try { return first is null ? null : FirewallSource.Normalize(first); }
        catch (SwarmToolsException) { return null; }
    }

    /// <summary>
    /// Rules the policy decides about: every rule the module owns, and — for a complete policy —
    /// every incoming rule on 22 (the policy says who may SSH), on the swarm ports and ESP (members
    /// only) and on the Docker API ports, whoever wrote it: the walkthrough's uncommented
    /// `ufw allow 4789/udp` included, app profiles, interface and destination rules too.
    /// A members-only policy (joins before any Set-SwarmFirewall) touches only its own swarm-port rules.
    /// </summary>
    public static bool Governs(FirewallPolicy policy, UfwRule rule)
    {
        if (policy.IsComplete)
            return rule.IsOwned || rule.IsOnPort(SshPort) || IsOnSwarmPort(rule) || DockerApiPorts.Any(rule.IsOnPort);
        return rule.IsOwned && IsOnSwarmPort(rule);
    }

    private static bool IsOnSwarmPort(UfwRule rule) =>
        rule.Protocol == "esp" || rule.IsOnPort(ManagementPort) || rule.IsOnPort(GossipPort) || rule.IsOnPort(OverlayPort);

    /// <summary>
    /// Why a rule the module does not own lets in more than <paramref name="policy"/> says (null when it does not):
    /// a rule on every port (`ufw allow in on eth1`, `ufw allow from 10.0.0.0/8`) opens the swarm ports to whoever
    /// it names; an app profile or a hand-written rule opens 22 beyond -SshSource; a swarm port or the Docker API
    /// is open to more than the members. <paramref name="members"/> are the addresses the host admits as members.
    /// Without a policy (Set-SwarmFirewall never ran) only what opens the swarm or the Docker API to anyone is named.
    /// </summary>
    public static string? Overrides(FirewallPolicy? policy, UfwRule rule, IReadOnlyCollection<string> members)
    {
        if (rule.IsOwned || (rule.Action != "allow" && rule.Action != "limit")) return null;
        var everyPort = rule.Ports is null && rule.Protocol != "esp";
        var swarm = everyPort || IsOnSwarmPort(rule);
        var docker = everyPort || DockerApiPorts.Any(rule.IsOnPort);
        var ssh = everyPort || rule.IsOnPort(SshPort);
        var who = FirewallSource.Display(rule.Source) + (rule.Interface is null ? "" : " on " + rule.Interface);
        if (policy is null || !policy.IsComplete)
            return rule.Source != FirewallSource.Anywhere ? null
                : swarm ? $"opens the swarm ports to {who}: 4789/udp (VXLAN) carries unauthenticated overlay traffic"
                : docker ? $"opens the Docker API to {who}" : null;
        bool Member(string source) => (policy.SwarmSources ?? members).Any(s => FirewallSource.Covers(s, source)) && rule.Interface is null;
        if (swarm && !Member(rule.Source)) return $"opens the swarm ports to {who}, beyond the members";
        if (ssh && policy.IsComplete && !policy.SshSources.Any(s => FirewallSource.Covers(s, rule.Source))) return $"opens 22/tcp to {who}, beyond -SshSource";
        if (docker && !(policy.AllowPorts.Any(p => DockerApiPorts.Any(p.Covers)) && policy.AllowPortsFrom.Any(s => FirewallSource.Covers(s, rule.Source))))
            return $"opens the Docker API to {who}";
        return null;
    }
}
