namespace SwarmTools.Engine.Orchestration;

/// <summary>How Initialize-Swarm and Join-SwarmNode shape the swarm.</summary>
public sealed class FormationOptions
{
    /// <summary>Managers wanted in all (the first node included). Odd and at most 7 unless forced.</summary>
    public int ManagerCount { get; set; } = 1;
    /// <summary>Private (the VPC address, default), Public, or an IP for the node that initializes.</summary>
    public string AdvertiseAddress { get; set; } = "Private";
    /// <summary>Join-SwarmNode: the role every node joins with (null: Initialize-Swarm's count decides).</summary>
    public SwarmRole? Role { get; set; }
    public bool RotateJoinTokens { get; set; }
    /// <summary>Join-SwarmNode without -AdvertiseAddress: the nodes advertise what the swarm's leader does (Public or Private), never a mix.</summary>
    public bool FollowSwarm { get; set; }
    /// <summary>Joins a manager even when another manager's firewall could not admit it.</summary>
    public bool Force { get; set; }
}
