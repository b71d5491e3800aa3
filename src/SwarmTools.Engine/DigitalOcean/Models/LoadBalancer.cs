namespace SwarmTools.Engine.DigitalOcean.Models;

/// <summary>A load balancer, as far as a firewall needs it: its id, name, public address and VPC.</summary>
/// <remarks>DigitalOcean does not publish the VPC address it forwards from: only <see cref="VpcUuid"/> says where that is.</remarks>
public sealed class LoadBalancer
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The public IPv4 address clients reach it on ("" while it is new).</summary>
    public string? Ip { get; set; }
    /// <summary>new | active | errored.</summary>
    public string? Status { get; set; }
    public string? VpcUuid { get; set; }
}
