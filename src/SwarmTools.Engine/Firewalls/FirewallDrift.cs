using System.Collections.Generic;
using System.Linq;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// How far a host's live firewall has drifted from the policy kept on it (Get-SwarmFirewall):
/// the change Set-SwarmFirewall would make, for the members the host admits now (membership
/// is not drift: joins and removals keep it). Empty when the host is as the policy says, or
/// when no policy is kept there.
/// </summary>
public static class FirewallDrift
{
    public static IReadOnlyList<string> Of(HostFirewallState state, IEnumerable<string?> interfaceAddresses)
    {
        if (state.Policy is not { } policy || !state.HasUfw) return new List<string>();
        var swarmRules = state.Rules.Where(r => r.IsOwned && (r.IsOnPort(FirewallPlan.GossipPort) || r.IsOnPort(FirewallPlan.OverlayPort))).ToList();
        var members = swarmRules.Select(r => r.Source).Where(s => s != FirewallSource.Anywhere).Distinct().ToList();
        var isManager = state.Rules.Any(r => r.IsOwned && r.IsOnPort(FirewallPlan.ManagementPort));
        var wanted = FirewallPlan.Wanted(policy, isManager, members, state.SshLimited);
        var block = PublishedPortFilter.Block(policy, members, state.InterfacesOf(interfaceAddresses));
        return FirewallChange.Between(state, policy, wanted, block).Steps().Where(s => !s.StartsWith("keep the policy")).ToList();
    }
}
