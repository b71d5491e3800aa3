using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwarmTools.Engine.Firewalls;

/// <summary>
/// What Set-SwarmFirewall was asked for. It is kept in the swarm (<see cref="SwarmPolicyConfig"/>: a Docker
/// config every manager reads), so a later join or removal — from any session — applies the same policy to
/// the swarm's new shape; each member also keeps the policy it was last brought in line with (<see cref="PolicyFile"/>).
/// </summary>
public sealed class FirewallPolicy
{
    public const string PolicyFile = "/etc/ufw/swarmtools-policy.json";

    /// <summary>Where SSH (22/tcp) may come from; "any" by default, as in the classic walkthrough.</summary>
    public IReadOnlyList<string> SshSources { get; set; } = new[] { FirewallSource.Anywhere };
    /// <summary>Where the swarm ports may come from; null (the default) means the members' own addresses.</summary>
    public IReadOnlyList<string>? SwarmSources { get; set; }
    /// <summary>ESP (IP protocol 50) between members, for --opt encrypted overlays.</summary>
    public bool EncryptedOverlay { get; set; }
    /// <summary>Application ports open to anyone (2375/2376 only if listed here).</summary>
    public IReadOnlyList<PortSpec> AllowPorts { get; set; } = Array.Empty<PortSpec>();
    /// <summary>Where the AllowPorts may be reached from (-From); null (the default) means anywhere.</summary>
    public IReadOnlyList<string>? AllowPortSources { get; set; }
    /// <summary>Load balancers the AllowPorts are open to (-FromLoadBalancer): their ids, the cloud firewall's load_balancer_uids.</summary>
    public IReadOnlyList<string> LoadBalancers { get; set; } = Array.Empty<string>();
    /// <summary>
    /// The VPC ranges those load balancers forward from, for the hosts: DigitalOcean does not publish a load
    /// balancer's VPC address, so the hosts admit its VPC's range (narrower than anywhere, wider than the load balancer).
    /// </summary>
    public IReadOnlyList<string> LoadBalancerRanges { get; set; } = Array.Empty<string>();

    /// <summary>
    /// The host sources of the AllowPorts rules: -From and the load balancers' VPC ranges, or anywhere when neither
    /// was given. A load balancer whose range is not known yet adds no source: the port stays closed, never open to all.
    /// </summary>
    public IReadOnlyList<string> AllowPortsFrom
    {
        get
        {
            if (AllowPortSources is null && LoadBalancers.Count == 0) return new[] { FirewallSource.Anywhere };
            var sources = (AllowPortSources ?? Array.Empty<string>()).Concat(LoadBalancerRanges).Distinct().ToList();
            return sources.Contains(FirewallSource.Anywhere) ? new[] { FirewallSource.Anywhere } : sources;
        }
    }

    /// <summary>The cloud firewall's address sources of the AllowPorts rules: -From, or anywhere unless load balancers alone were given.</summary>
    public IReadOnlyList<string> AllowPortAddresses =>
        AllowPortSources ?? (LoadBalancers.Count == 0 ? new[] { FirewallSource.Anywhere } : Array.Empty<string>());
    /// <summary>Puts ports that containers publish under the firewall (DOCKER-USER): only members and AllowPorts reach them.</summary>
    public bool FilterPublishedPorts { get; set; } = true;

    /// <summary>
    /// False for the join-time policy of a swarm that never had Set-SwarmFirewall: only the
    /// members' swarm-port rules are managed (on hosts whose ufw is already active), nothing else.
    /// </summary>
    public bool IsComplete { get; private set; } = true;

    /// <summary>What joins and removals do when no policy was ever set: let members reach each other, touch nothing else.</summary>
    public static FirewallPolicy MembersOnly() => new FirewallPolicy { IsComplete = false, FilterPublishedPorts = false };

    public string ToJson() => JsonSerializer.Serialize(new Stored
    {
        SshSources = SshSources.ToArray(),
        SwarmSources = SwarmSources?.ToArray(),
        EncryptedOverlay = EncryptedOverlay,
        AllowPorts = AllowPorts.Select(p => p.ToString()).ToArray(),
        AllowPortSources = AllowPortSources?.ToArray(),
        LoadBalancers = LoadBalancers.Count == 0 ? null : LoadBalancers.ToArray(),
        LoadBalancerRanges = LoadBalancerRanges.Count == 0 ? null : LoadBalancerRanges.ToArray(),
        FilterPublishedPorts = FilterPublishedPorts,
    });

    /// <summary>The policy kept on a host; null when there is none or it cannot be read (then joins keep to <see cref="MembersOnly"/>).</summary>
    public static FirewallPolicy? FromJson(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            var s = JsonSerializer.Deserialize<Stored>(json);
            if (s is null) return null;
            return new FirewallPolicy
            {
                SshSources = (s.SshSources ?? new[] { FirewallSource.Anywhere }).Select(FirewallSource.Normalize).ToArray(),
                SwarmSources = s.SwarmSources?.Select(FirewallSource.Normalize).ToArray(),
                EncryptedOverlay = s.EncryptedOverlay,
                AllowPorts = (s.AllowPorts ?? Array.Empty<string>()).Select(PortSpec.Parse).ToArray(),
                AllowPortSources = s.AllowPortSources?.Select(FirewallSource.Normalize).ToArray(),
                LoadBalancers = s.LoadBalancers ?? Array.Empty<string>(),
                LoadBalancerRanges = (s.LoadBalancerRanges ?? Array.Empty<string>()).Select(FirewallSource.Normalize).ToArray(),
                FilterPublishedPorts = s.FilterPublishedPorts,
            };
        }
        catch (Exception e) when (e is JsonException || e is SwarmToolsException) { return null; }
    }

    private sealed class Stored
    {
        public string[]? SshSources { get; set; }
        public string[]? SwarmSources { get; set; }
        public bool EncryptedOverlay { get; set; }
        public string[]? AllowPorts { get; set; }
        // Left out when null: a policy without -From is kept exactly as before it existed (same config name, no rewrite).
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string[]? AllowPortSources { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string[]? LoadBalancers { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string[]? LoadBalancerRanges { get; set; }
        public bool FilterPublishedPorts { get; set; }
    }
}
