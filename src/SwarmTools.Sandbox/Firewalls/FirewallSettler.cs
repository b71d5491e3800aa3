using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Firewalls;

/// <summary>
/// A changed firewall is `waiting` for --boot-seconds, then `succeeded` (unless changed again
/// meanwhile) — once the lab hosts it covers enforce it.
/// </summary>
public sealed class FirewallSettler(SandboxState state, SandboxOptions options, CloudFirewallEnforcer enforcer)
{
    public void Schedule(SandboxFirewall firewall) =>
        _ = Task.Run(async () =>
        {
            await Task.Delay(options.BootDelay);
            await enforcer.ApplyAsync();
            state.SettleFirewall(firewall.Id, firewall.Revision);
        });
}
