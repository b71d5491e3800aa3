namespace SwarmTools.Sandbox.State;

/// <summary>
/// Hands out the addresses of one range round-robin, skipping the network, gateway (.1) and
/// broadcast addresses, any x.y.z.0/.255, and every address a live droplet holds. Round-robin
/// rather than lowest-free so a new droplet rarely inherits a just-destroyed droplet's address
/// (and its stale SSH host key). Not thread-safe: SandboxState calls it under its lock.
/// </summary>
public sealed class AddressRange
{
    private readonly uint _first;
    private readonly uint _last;
    private readonly HashSet<uint> _inUse = [];
    private uint _cursor;

    public AddressRange(string network, int prefixLength)
    {
        var start = AddressPlan.ToNumber(network);
        var size = 1u << (32 - prefixLength);
        _first = start + 2;
        _last = start + size - 2;
        _cursor = _first;
    }

    public string? Allocate()
    {
        for (var tried = 0u; tried <= _last - _first; tried++)
        {
            var candidate = _cursor;
            _cursor = _cursor == _last ? _first : _cursor + 1;
            var lastOctet = candidate & 0xff;
            if (lastOctet is 0 or 255 || !_inUse.Add(candidate))
                continue;
            return AddressPlan.ToText(candidate);
        }
        return null;
    }

    public void Release(string address) => _inUse.Remove(AddressPlan.ToNumber(address));

    public void Clear() => _inUse.Clear();
}
