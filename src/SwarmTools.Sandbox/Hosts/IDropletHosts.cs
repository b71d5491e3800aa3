using SwarmTools.Sandbox.Lab;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Hosts;

/// <summary>
/// What stands behind a droplet. In api mode nothing does; in lab mode each droplet boots as a
/// real host (lab.md). The droplet turns `active` only once <see cref="BootAsync"/> has returned
/// and --boot-seconds have passed; a failed boot errors the create action.
/// </summary>
public interface IDropletHosts
{
    /// <summary>Brings the droplet's host up. Cancelled when the droplet is destroyed while booting.</summary>
    Task BootAsync(SandboxDroplet d, CancellationToken ct);

    /// <summary>The droplet has just turned `active` (lab: its sshd may start now, after --sshd-delay).</summary>
    void Activated(SandboxDroplet d);

    /// <summary>Tears the droplet's host down; also called for a droplet whose boot was cancelled or failed.</summary>
    Task DestroyAsync(SandboxDroplet d);

    /// <summary>Powers the droplet's host off (lab: every process goes, its disks stay).</summary>
    Task PowerOffAsync(SandboxDroplet d);

    /// <summary>Boots a powered-off host again from its disks (lab: ufw, then sshd and dockerd; no cloud-init).</summary>
    Task PowerOnAsync(SandboxDroplet d);

    /// <summary>Puts the droplet's cloud firewalls in force on its host (iptables-restore input); false when the host is not up (yet).</summary>
    Task<bool> ApplyCloudFirewallAsync(SandboxDroplet d, string rules);

    /// <summary>The droplet's lab host for GET /_sandbox/droplets; null when there is none (api mode).</summary>
    LabHostFacts? Describe(SandboxDroplet d);
}
