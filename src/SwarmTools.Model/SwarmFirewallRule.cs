namespace SwarmTools;

/// <summary>Where Set-SwarmFirewall puts its rules.</summary>
public enum FirewallMode
{
    /// <summary>ufw on every member, as in the walkthrough (the default).</summary>
    Ufw,
    /// <summary>One DigitalOcean cloud firewall per swarm, attached by the swarm tag.</summary>
    Cloud,
    /// <summary>Both: the cloud firewall in front, ufw on the hosts (and ESP, which only ufw can express).</summary>
    Both,
}

/// <summary>Who reaches the ports that containers publish (Docker's own iptables rules bypass ufw).</summary>
public enum PublishedPortAccess
{
    /// <summary>Only members and -AllowPort ports (the DOCKER-USER chain; the default).</summary>
    Filtered,
    /// <summary>Anyone, as Docker leaves them.</summary>
    Open,
}

/// <summary>One rule in force, as Get-SwarmFirewall reads it back from a host or from the API (shown like `ufw status`).</summary>
public sealed class SwarmFirewallRule
{
    /// <summary>The node the rule is in force on, or "cloud:&lt;firewall name&gt;".</summary>
    public string Node { get; set; } = "";
    /// <summary>ufw (INPUT), published (DOCKER-USER: ports containers publish) or cloud.</summary>
    public string Layer { get; set; } = "";
    /// <summary>Port(s) and protocol, e.g. 2377,7946/tcp.</summary>
    public string To { get; set; } = "";
    /// <summary>ALLOW IN, LIMIT IN, DENY FWD, …</summary>
    public string Action { get; set; } = "";
    public string From { get; set; } = "";
    public string Comment { get; set; } = "";
    /// <summary>Why the rule lets in more than the kept policy says (an app profile opening 22 to anyone, `allow in on eth1`); empty when it does not.</summary>
    public string Overrides { get; set; } = "";

    public override string ToString() => $"{Node}: {To} {Action} {From}";
}
