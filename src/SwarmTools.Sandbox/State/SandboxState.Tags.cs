namespace SwarmTools.Sandbox.State;

public sealed partial class SandboxState
{
    // Canonical spellings in creation order. Tags are "case stable" (spec): a create in another
    // spelling gets the first one, while a lookup (GET or DELETE /v2/tags/{name}, tag_name=)
    // must use the canonical spelling, or finds nothing.
    private readonly List<string> _tags = [];

    /// <summary>Creates the tag if needed and returns its canonical spelling.</summary>
    public string EnsureTag(string name)
    {
        lock (_gate) return EnsureTagLocked(name);
    }

    /// <summary>The canonical spelling of a tag given in any case (what a create resolves to).</summary>
    public string? FindTag(string name)
    {
        lock (_gate) return FindTagLocked(name);
    }

    /// <summary>The tag only when spelled canonically, as lookups by name need.</summary>
    public string? FindTagExactly(string name)
    {
        lock (_gate) return _tags.Contains(name, StringComparer.Ordinal) ? name : null;
    }

    public IReadOnlyList<string> ListTags()
    {
        lock (_gate) return _tags.ToList();
    }

    /// <summary>How many droplets carry the tag, and the newest of them.</summary>
    public (int Count, long? LastDropletId) TagUsage(string name)
    {
        lock (_gate)
        {
            var tagged = _droplets.Values.Where(d => d.Tags.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
            return (tagged.Count, tagged.Count == 0 ? null : tagged.Max(d => d.Id));
        }
    }

    /// <summary>Puts an existing tag (canonical spelling) on droplets; false, changing nothing, when one of them does not exist.</summary>
    public bool TagDroplets(string canonical, IReadOnlyList<long> ids)
    {
        lock (_gate)
        {
            if (ids.Any(id => !_droplets.ContainsKey(id)))
                return false;
            foreach (var id in ids)
                if (!_droplets[id].Tags.Contains(canonical))
                    _droplets[id] = _droplets[id] with { Tags = _droplets[id].Tags.Append(canonical).ToArray() };
            return true;
        }
    }

    /// <summary>Deletes the tag and takes it off every droplet and firewall.</summary>
    public bool DeleteTag(string name)
    {
        lock (_gate)
        {
            if (!_tags.Contains(name, StringComparer.Ordinal))
                return false;
            var canonical = name;
            _tags.Remove(canonical);
            foreach (var droplet in _droplets.Values.Where(d => d.Tags.Contains(canonical)).ToList())
                _droplets[droplet.Id] = droplet with { Tags = droplet.Tags.Where(t => t != canonical).ToArray() };
            ForgetTagInFirewallsLocked(canonical);
            return true;
        }
    }

    private string EnsureTagLocked(string name)
    {
        if (FindTagLocked(name) is { } canonical)
            return canonical;
        _tags.Add(name);
        return name;
    }

    private string? FindTagLocked(string name) =>
        _tags.FirstOrDefault(t => t.Equals(name, StringComparison.OrdinalIgnoreCase));
}
