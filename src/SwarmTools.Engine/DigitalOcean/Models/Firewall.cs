using System.Collections.Generic;

namespace SwarmTools.Engine.DigitalOcean.Models;

/// <summary>A cloud firewall; everything it does not allow is denied, outbound included.</summary>
/// <remarks>DigitalOcean may send droplet_ids, tags and the rule lists as null: they read as empty.</remarks>
public sealed class Firewall
{
    private List<InboundRule> _inbound = new List<InboundRule>();
    private List<OutboundRule> _outbound = new List<OutboundRule>();
    private List<long> _dropletIds = new List<long>();
    private List<string> _tags = new List<string>();

    public string? Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>waiting | succeeded | failed (read-only).</summary>
    public string? Status { get; set; }
    public List<InboundRule> InboundRules { get => _inbound; set => _inbound = value ?? new List<InboundRule>(); }
    public List<OutboundRule> OutboundRules { get => _outbound; set => _outbound = value ?? new List<OutboundRule>(); }
    public List<long> DropletIds { get => _dropletIds; set => _dropletIds = value ?? new List<long>(); }
    public List<string> Tags { get => _tags; set => _tags = value ?? new List<string>(); }
}

public sealed class InboundRule
{
    private RuleEndpoints _sources = new RuleEndpoints();

    /// <summary>tcp | udp | icmp.</summary>
    public string Protocol { get; set; } = "";
    /// <summary>"22", "8000-9000" or "all"; null for icmp (DigitalOcean refuses ports there). Read back, "all" and icmp show "0".</summary>
    public string? Ports { get; set; }
    public RuleEndpoints Sources { get => _sources; set => _sources = value ?? new RuleEndpoints(); }
}

public sealed class OutboundRule
{
    private RuleEndpoints _destinations = new RuleEndpoints();

    public string Protocol { get; set; } = "";
    /// <summary>As <see cref="InboundRule.Ports"/>.</summary>
    public string? Ports { get; set; }
    public RuleEndpoints Destinations { get => _destinations; set => _destinations = value ?? new RuleEndpoints(); }
}

public sealed class RuleEndpoints
{
    public List<string>? Addresses { get; set; }
    public List<long>? DropletIds { get; set; }
    public List<string>? Tags { get; set; }
    public List<string>? LoadBalancerUids { get; set; }
}
