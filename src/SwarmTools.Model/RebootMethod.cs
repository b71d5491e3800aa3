namespace SwarmTools;

/// <summary>How Invoke-SwarmMaintenance reboots a node: DigitalOcean's droplet reboot action, or `reboot` over SSH.</summary>
public enum RebootMethod
{
    /// <summary>POST /v2/droplets/{id}/actions {"type":"reboot"}, waited for until the action completes.</summary>
    Api,
    /// <summary>`systemctl reboot` (else `reboot`) over the node's SSH session, waited for until the node answers with a new boot id.</summary>
    Ssh,
}
