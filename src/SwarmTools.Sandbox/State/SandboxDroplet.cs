using SwarmTools.Sandbox.Faults;

namespace SwarmTools.Sandbox.State;

/// <summary>
/// A droplet as the sandbox knows it, including what the API never reports (the anchor
/// address, user_data, the keys' material) so that a lab can boot it as a host.
/// Immutable: SandboxState swaps in a changed copy, so a reader never sees a half-made change.
/// </summary>
public sealed record SandboxDroplet
{
    public required long Id { get; init; }
    public required string Name { get; init; }
    public required string RegionSlug { get; init; }
    public required string SizeSlug { get; init; }
    public required long ImageId { get; init; }
    public required string ImageSlug { get; init; }
    public required string VpcUuid { get; init; }

    /// <summary>Public address in 198.18.0.0/17 (lab) or 100.64.0.0/17 (API only), netmask <see cref="AddressPlan.PublicNetmask"/>.</summary>
    public required string PublicAddress { get; init; }

    public required string PublicGateway { get; init; }

    /// <summary>The second address on eth0 (198.18.128.0/17) that the API does not list.</summary>
    public required string AnchorAddress { get; init; }

    /// <summary>Address in the VPC's range; its .1 is <see cref="PrivateGateway"/>.</summary>
    public required string PrivateAddress { get; init; }

    public required string PrivateGateway { get; init; }
    public string? Ipv6Address { get; init; }

    public required IReadOnlyList<string> Tags { get; init; }
    public required IReadOnlyList<SandboxKey> SshKeys { get; init; }
    public string? UserData { get; init; }
    public bool Monitoring { get; init; }
    public bool Backups { get; init; }
    public bool? WithDropletAgent { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
    public required long CreateActionId { get; init; }
    public string Status { get; init; } = DropletStatus.New;
    public bool Locked => Status == DropletStatus.New;

    /// <summary>The faults armed for it at its create (stay-new, create-errors, the lab's boot and join faults).</summary>
    public DropletFaults Faults { get; init; } = DropletFaults.None;

    /// <summary>Set by a `list-lag` fault: lists leave the droplet out until then (GET by id finds it).</summary>
    public DateTimeOffset? ListedFrom { get; init; }

    /// <summary>When a delete was accepted: the droplet stays listed, active and reachable until it really goes.</summary>
    public DateTimeOffset? DeleteRequestedAt { get; init; }
}

/// <summary>Droplet `status` values the sandbox uses.</summary>
public static class DropletStatus
{
    public const string New = "new";
    public const string Active = "active";
    /// <summary>Powered off (shutdown, power_off); power_on brings it back.</summary>
    public const string Off = "off";
}
