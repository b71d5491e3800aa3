namespace SwarmTools.Sandbox.State;

/// <summary>
/// Everything the account holds. One lock guards it all: requests arrive concurrently, volumes
/// are tiny, and a single lock makes multi-step changes (limit check + allocate + add) atomic.
/// The partial files group the members by resource.
/// </summary>
public sealed partial class SandboxState
{
    private readonly object _gate = new();
    private readonly TimeProvider _clock;

    // Ids grow forever, even across reset, so a stale id never names a new object; droplet ids
    // also differ from one sandbox to the next (from the clock), as DigitalOcean never reuses one,
    // so a client's memory of an earlier sandbox's droplet never matches a new droplet.
    // Action ids start above 2^31 like the real service's, to catch 32-bit clients.
    private long _lastDropletId;
    private long _lastActionId = 2_400_000_000;
    private long _lastKeyId = 41_000_000;

    public SandboxState(TimeProvider clock, ReferenceData reference, SandboxOptions options)
    {
        _clock = clock;
        _lastDropletId = 480_000_000 + clock.GetUtcNow().ToUnixTimeSeconds() % 1_000_000 * 1_000;
        var lab = options.Mode == SandboxMode.Lab;
        _publicRange = new(lab ? AddressPlan.PublicNetwork : AddressPlan.ApiOnlyPublicNetwork, AddressPlan.PublicPrefixLength);
        _anchorRange = new(lab ? AddressPlan.AnchorNetwork : AddressPlan.ApiOnlyAnchorNetwork, AddressPlan.AnchorPrefixLength);
        _publicGateway = lab ? AddressPlan.PublicGateway : AddressPlan.GatewayOf(AddressPlan.ApiOnlyPublicNetwork);
        _privateRanges = reference.Vpcs.ToDictionary(v => v.Id, v => new AddressRange(v.IpRange.Split('/')[0], AddressPlan.VpcPrefixLength));
    }

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Forgets every key, tag, firewall, load balancer and action. Droplets must be destroyed first (through the hosts).</summary>
    public void ClearAll()
    {
        lock (_gate)
        {
            foreach (var droplet in _droplets.Values.ToList())
                RemoveDropletLocked(droplet.Id);
            _actions.Clear();
            _keys.Clear();
            _tags.Clear();
            _firewalls.Clear();
            foreach (var id in _loadBalancers.Keys.ToList())
                DeleteLoadBalancerLocked(id);
        }
    }
}
