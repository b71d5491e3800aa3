namespace SwarmTools.Engine.Firewalls;

/// <summary>A member as the firewall sees it: the address it advertises to the swarm, and whether it manages it (2377).</summary>
public sealed class FirewallMember
{
    public FirewallMember(string address, bool isManager)
    {
        Address = FirewallSource.Normalize(address);
        IsManager = isManager;
    }

    public string Address { get; }
    public bool IsManager { get; }
    public override string ToString() => Address;
}
