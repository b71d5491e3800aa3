namespace SwarmTools.Sandbox.State;

public sealed partial class SandboxState
{
    private readonly Dictionary<string, SandboxFirewall> _firewalls = [];

    public SandboxFirewall AddFirewall(SandboxFirewall firewall)
    {
        lock (_gate)
        {
            _firewalls.Add(firewall.Id, firewall);
            return firewall;
        }
    }

    public SandboxFirewall? FindFirewall(string id)
    {
        lock (_gate) return _firewalls.GetValueOrDefault(id.ToLowerInvariant());
    }

    public IReadOnlyList<SandboxFirewall> ListFirewalls()
    {
        lock (_gate) return _firewalls.Values.OrderBy(f => f.CreatedAt).ThenBy(f => f.Id).ToList();
    }

    /// <summary>
    /// Applies a change atomically; the change returns the new firewall or an error message.
    /// Every successful change sends the firewall back to `waiting` with a new revision.
    /// </summary>
    public (SandboxFirewall? Firewall, string? Error) ChangeFirewall(string id, Func<SandboxFirewall, (SandboxFirewall? Changed, string? Error)> change)
    {
        lock (_gate)
        {
            if (!_firewalls.TryGetValue(id.ToLowerInvariant(), out var current))
                return (null, null);
            var (changed, error) = change(current);
            if (changed is null)
                return (null, error);
            var stored = changed with { Status = FirewallStatus.Waiting, Revision = current.Revision + 1 };
            _firewalls[current.Id] = stored;
            return (stored, null);
        }
    }

    /// <summary>waiting → succeeded, unless the firewall changed (or went) since that revision.</summary>
    public void SettleFirewall(string id, int revision)
    {
        lock (_gate)
        {
            if (_firewalls.TryGetValue(id, out var firewall) && firewall.Revision == revision)
                _firewalls[id] = firewall with { Status = FirewallStatus.Succeeded };
        }
    }

    public bool DeleteFirewall(string id)
    {
        lock (_gate) return _firewalls.Remove(id.ToLowerInvariant());
    }

    /// <summary>Which of these droplet ids do not exist (for 4xx on firewall membership).</summary>
    public IReadOnlyList<long> MissingDroplets(IEnumerable<long> ids)
    {
        lock (_gate) return ids.Where(id => !_droplets.ContainsKey(id)).Distinct().ToList();
    }

    private void ForgetDropletInFirewallsLocked(long dropletId)
    {
        foreach (var firewall in _firewalls.Values.Where(f => f.DropletIds.Contains(dropletId)).ToList())
            _firewalls[firewall.Id] = firewall with { DropletIds = firewall.DropletIds.Where(d => d != dropletId).ToArray() };
    }

    private void ForgetTagInFirewallsLocked(string tag)
    {
        foreach (var firewall in _firewalls.Values.Where(f => f.Tags.Contains(tag)).ToList())
            _firewalls[firewall.Id] = firewall with { Tags = firewall.Tags.Where(t => t != tag).ToArray() };
    }
}
