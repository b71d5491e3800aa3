using System.Linq;
using SwarmTools.DigitalOcean.Models;

namespace SwarmTools.Nodes
{
    /// <summary>What a droplet looks like as a swarm node.</summary>
    public static class SwarmNodeMapping
    {
        public static SwarmNode ToSwarmNode(this Droplet d) => new SwarmNode
        {
            Name = d.Name,
            Id = d.Id,
            Status = d.Status,
            Region = d.Region?.Slug ?? "",
            Size = d.SizeSlug ?? "",
            Image = d.Image?.Slug ?? d.Image?.Name ?? "",
            PublicAddress = d.PublicIPv4,
            PrivateAddress = d.PrivateIPv4,
            Tags = d.Tags.ToArray(),
            VpcUuid = d.VpcUuid,
            CreatedAt = d.CreatedAt,
        };
    }
}
