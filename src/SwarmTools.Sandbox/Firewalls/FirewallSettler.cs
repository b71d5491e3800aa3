using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Firewalls;

/// <summary>A changed firewall is `waiting` for --boot-seconds, then `succeeded` (unless changed again meanwhile).</summary>
public sealed class FirewallSettler(SandboxState state, SandboxOptions options)
{
    public void Schedule(SandboxFirewall firewall) =>
        _ = Task.Run(async () =>
        {
            await Task.Delay(options.BootDelay);
            state.SettleFirewall(firewall.Id, firewall.Revision);
        });
}
