using SwarmTools.Engine.Firewalls;

namespace SwarmTools.Tests.Engine;

/// <summary>What taking the host layer away leaves: never a host whose next SSH connection is refused.</summary>
[Trait("Category", "Unit")]
public sealed class FirewallRemovalTests
{
    private static readonly string[] Members = { "198.19.16.2", "198.19.16.3" };
    private const string Owned = "comment=737761726d746f6f6c73"; // "swarmtools", as ufw keeps comments (hex)

    private static HostFirewallState State(string status) => HostFirewallState.Parse($"""
        {status}
        @@rules
        ### tuple ### allow tcp 22 0.0.0.0/0 any 198.18.0.1 in {Owned}
        ### tuple ### allow tcp 8443 0.0.0.0/0 any 0.0.0.0/0 in {Owned}
        ### tuple ### allow tcp 2377,7946 0.0.0.0/0 any 198.19.16.3 in {Owned}
        @@policy
        """ + "\n");

    [Fact]
    public void The_modules_ssh_rules_stay_with_the_members_swarm_port_rules_and_the_rest_goes()
    {
        var change = FirewallChange.Removal(State("Status: active\nDefault: deny (incoming), allow (outgoing), disabled (routed)"), isManager: true, Members);
        Assert.Contains(change.Delete, r => r.IsOnPort(8443)); // the step happened
        Assert.DoesNotContain(change.Delete, r => r.IsOnPort(22));
        Assert.DoesNotContain(change.Delete, r => r.IsOnPort(2377));
        // The control: with ufw inactive nothing filters, so the module's rules all go, 22 too.
        Assert.Contains(FirewallChange.Removal(State("Status: inactive"), isManager: true, Members).Delete, r => r.IsOnPort(22));
    }
}
