using System;

namespace SwarmTools;

/// <summary>A droplet of a swarm, as the module's cmdlets emit and accept it.</summary>
public sealed class SwarmNode
{
    public string Name { get; set; } = "";
    public long Id { get; set; }
    /// <summary>The droplet's status: New, Active, Off, Archive (Unknown: one the module does not know).</summary>
    public DropletStatus Status { get; set; }
    public string Region { get; set; } = "";
    public string Size { get; set; } = "";
    public string Image { get; set; } = "";
    public string? PublicAddress { get; set; }
    /// <summary>The VPC address: what the swarm advertises by default.</summary>
    public string? PrivateAddress { get; set; }
    /// <summary>The VPC's range as CIDR (from the private address and netmask), e.g. 10.116.0.0/20.</summary>
    public string? PrivateNetwork { get; set; }
    /// <summary>The private key the module connects with (the pair of the key given at creation).</summary>
    public string? IdentityFile { get; set; }
    public string[] Tags { get; set; } = Array.Empty<string>();
    public string? VpcUuid { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>SHA-256 fingerprint of the host key the module pinned for this node ("SHA256:…").</summary>
    public string? HostKeyFingerprint { get; set; }
    /// <summary>Docker Engine version, once the node answered over SSH.</summary>
    public string? DockerVersion { get; set; }

    // Live swarm state, read from a manager (empty until the node is in a swarm).
    public SwarmRole? Role { get; set; }
    /// <summary>Leader, Reachable, Unreachable; null for a worker.</summary>
    public ManagerStatus? ManagerStatus { get; set; }
    public NodeAvailability? Availability { get; set; }
    /// <summary>The swarm's node id of this droplet.</summary>
    public string? SwarmNodeId { get; set; }

    public override string ToString() => Name;
}
