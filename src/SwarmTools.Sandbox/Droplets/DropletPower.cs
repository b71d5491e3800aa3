using SwarmTools.Sandbox.Firewalls;
using SwarmTools.Sandbox.Hosts;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Droplets;

/// <summary>
/// The power actions, as DigitalOcean runs them: the action is answered `in-progress` at once and
/// completes once the host has gone down and (for reboot, power_cycle, power_on) come back up.
/// shutdown and power_off leave the droplet `off`. An action that changes nothing (power_on on an
/// active droplet, power_off on an off one) completes as well: Ansible's droplet module posts
/// power_on after every create and waits for it to complete.
/// </summary>
public sealed class DropletPower(SandboxState state, IDropletHosts hosts, CloudFirewallEnforcer cloudFirewalls)
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string> { "reboot", "power_cycle", "shutdown", "power_off", "power_on" };

    public void Run(SandboxDroplet droplet, SandboxAction action) =>
        _ = Task.Run(async () =>
        {
            try
            {
                var on = droplet.Status == DropletStatus.Active;
                switch (action.Type)
                {
                    case "shutdown" or "power_off" when on:
                        await hosts.PowerOffAsync(droplet);
                        state.SetPower(droplet.Id, DropletStatus.Off);
                        break;
                    case "reboot" or "power_cycle" when on:
                        await hosts.PowerOffAsync(droplet);
                        await PowerOnAsync(droplet);
                        break;
                    case "reboot" or "power_cycle" or "power_on" when !on:
                        state.SetPower(droplet.Id, DropletStatus.Active);
                        await PowerOnAsync(droplet);
                        break;
                }
                state.FinishAction(action.Id, ActionStatus.Completed);
            }
            catch (Exception e)
            {
                await Console.Error.WriteLineAsync($"sandbox: {action.Type} of droplet {droplet.Id} ({droplet.Name}) failed: {e.Message}");
                state.FinishAction(action.Id, ActionStatus.Errored);
            }
        });

    // The cloud firewall stands outside the droplet: the host's new chains are written at once.
    private async Task PowerOnAsync(SandboxDroplet droplet)
    {
        await hosts.PowerOnAsync(droplet);
        cloudFirewalls.Forget(droplet.Id);
        await cloudFirewalls.ApplyAsync();
    }
}
