using System;

namespace SwarmTools
{
    /// <summary>A droplet of a swarm, as the module's cmdlets emit and accept it.</summary>
    public sealed class SwarmNode
    {
        public string Name { get; set; } = "";
        public long Id { get; set; }
        /// <summary>The droplet's status: new, active, off, archive.</summary>
        public string Status { get; set; } = "";
        public string Region { get; set; } = "";
        public string Size { get; set; } = "";
        public string Image { get; set; } = "";
        public string? PublicAddress { get; set; }
        /// <summary>The VPC address: what the swarm advertises by default.</summary>
        public string? PrivateAddress { get; set; }
        public string[] Tags { get; set; } = Array.Empty<string>();
        public string? VpcUuid { get; set; }
        public DateTimeOffset CreatedAt { get; set; }

        public override string ToString() => Name;
    }
}
