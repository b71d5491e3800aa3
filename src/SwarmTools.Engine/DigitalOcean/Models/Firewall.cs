using System.Collections.Generic;

namespace SwarmTools.DigitalOcean.Models
{
    /// <summary>A cloud firewall; everything it does not allow is denied, outbound included.</summary>
    public sealed class Firewall
    {
        public string? Id { get; set; }
        public string Name { get; set; } = "";
        /// <summary>waiting | succeeded | failed (read-only).</summary>
        public string? Status { get; set; }
        public List<InboundRule> InboundRules { get; set; } = new List<InboundRule>();
        public List<OutboundRule> OutboundRules { get; set; } = new List<OutboundRule>();
        public List<long> DropletIds { get; set; } = new List<long>();
        public List<string> Tags { get; set; } = new List<string>();
    }

    public sealed class InboundRule
    {
        /// <summary>tcp | udp | icmp.</summary>
        public string Protocol { get; set; } = "";
        /// <summary>"22", "8000-9000", or "0"/"all".</summary>
        public string Ports { get; set; } = "";
        public RuleEndpoints Sources { get; set; } = new RuleEndpoints();
    }

    public sealed class OutboundRule
    {
        public string Protocol { get; set; } = "";
        public string Ports { get; set; } = "";
        public RuleEndpoints Destinations { get; set; } = new RuleEndpoints();
    }

    public sealed class RuleEndpoints
    {
        public List<string>? Addresses { get; set; }
        public List<long>? DropletIds { get; set; }
        public List<string>? Tags { get; set; }
    }
}
