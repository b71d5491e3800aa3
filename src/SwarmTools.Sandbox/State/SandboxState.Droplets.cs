namespace SwarmTools.Sandbox.State;

public sealed partial class SandboxState
{
    private readonly Dictionary<long, SandboxDroplet> _droplets = [];
    private readonly Dictionary<string, AddressRange> _privateRanges;
    private readonly AddressRange _publicRange;
    private readonly AddressRange _anchorRange;
    private readonly string _publicGateway;

    public long LastDropletId
    {
        get { lock (_gate) return _lastDropletId; }
    }

    /// <summary>
    /// Resolves the keys, checks the droplet limit, creates the tags, allocates addresses and
    /// adds the droplets with their create actions — all or nothing, atomically.
    /// </summary>
    public CreateOutcome CreateDroplets(DropletPlan plan, int dropletLimit)
    {
        lock (_gate)
        {
            var keys = new List<SandboxKey>();
            var unknown = new List<string>();
            foreach (var identifier in plan.KeyIdentifiers)
            {
                if (FindKeyLocked(identifier) is { } key)
                    keys.Add(key);
                else
                    unknown.Add(identifier);
            }
            if (unknown.Count > 0)
                return new([], $"{string.Join(", ", unknown)} are invalid key identifiers for Droplet creation.");
            if (_droplets.Count + plan.Droplets.Count > dropletLimit)
                return new([], "creating this/these droplet(s) will exceed your droplet limit");

            var tags = plan.Tags.Select(EnsureTagLocked).Distinct().ToArray();
            var created = new List<SandboxDroplet>();
            foreach (var planned in plan.Droplets)
            {
                var droplet = NewDropletLocked(plan, planned, keys, tags);
                if (droplet is null)
                {
                    foreach (var made in created)
                        RemoveDropletLocked(made.Id);
                    return new([], "No addresses are left in the sandbox's ranges for this region.");
                }
                created.Add(droplet);
            }
            return new(created, null);
        }
    }

    public SandboxDroplet? FindDroplet(long id)
    {
        lock (_gate) return _droplets.GetValueOrDefault(id);
    }

    public IReadOnlyList<SandboxDroplet> ListDroplets()
    {
        lock (_gate) return _droplets.Values.OrderBy(d => d.Id).ToList();
    }

    /// <summary>new → active, create action completed. False if the droplet is gone.</summary>
    public bool Activate(long id)
    {
        lock (_gate)
        {
            if (!_droplets.TryGetValue(id, out var droplet))
                return false;
            _droplets[id] = droplet with { Status = DropletStatus.Active };
            FinishActionLocked(droplet.CreateActionId, ActionStatus.Completed);
            return true;
        }
    }

    /// <summary>The create action errors and the droplet vanishes (GET 404, absent from lists).</summary>
    public void FailCreate(long id)
    {
        lock (_gate)
        {
            if (!_droplets.TryGetValue(id, out var droplet))
                return;
            FinishActionLocked(droplet.CreateActionId, ActionStatus.Errored);
            RemoveDropletLocked(id);
        }
    }

    /// <summary>
    /// Accepts a delete: the droplet stays as it is (listed, counted, reachable) until the
    /// lifecycle really destroys it. A second delete while it goes is accepted again; a droplet
    /// whose create is in progress is refused.
    /// </summary>
    public DeleteRequest RequestDelete(long id)
    {
        lock (_gate)
        {
            if (!_droplets.TryGetValue(id, out var droplet))
                return DeleteRequest.NotFound;
            if (droplet.DeleteRequestedAt is not null)
                return DeleteRequest.AlreadyGoing;
            // Its create is still in progress: DigitalOcean refuses (packer #1814).
            if (droplet.Status == DropletStatus.New)
                return DeleteRequest.PendingEvent;
            _droplets[id] = droplet with { DeleteRequestedAt = Now };
            return DeleteRequest.Accepted;
        }
    }

    /// <summary>The droplets with the tag, unless one is still being created (then none is deleted: null).</summary>
    public IReadOnlyList<SandboxDroplet>? DeletableByTag(string canonicalTag)
    {
        lock (_gate)
        {
            var tagged = _droplets.Values.Where(d => d.Tags.Contains(canonicalTag)).ToList();
            return tagged.Any(d => d.Status == DropletStatus.New && d.DeleteRequestedAt is null) ? null : tagged;
        }
    }

    public void RemoveDroplet(long id)
    {
        lock (_gate) RemoveDropletLocked(id);
    }

    private SandboxDroplet? NewDropletLocked(DropletPlan plan, PlannedDroplet planned, IReadOnlyList<SandboxKey> keys, IReadOnlyList<string> tags)
    {
        var vpcRange = _privateRanges[plan.VpcUuid];
        var publicAddress = _publicRange.Allocate();
        var anchorAddress = _anchorRange.Allocate();
        var privateAddress = vpcRange.Allocate();
        if (publicAddress is null || anchorAddress is null || privateAddress is null)
        {
            if (publicAddress is not null) _publicRange.Release(publicAddress);
            if (anchorAddress is not null) _anchorRange.Release(anchorAddress);
            if (privateAddress is not null) vpcRange.Release(privateAddress);
            return null;
        }

        var id = ++_lastDropletId;
        var action = new SandboxAction(++_lastActionId, "create", ActionStatus.InProgress, Now, null, id, "droplet", plan.RegionSlug);
        _actions.Add(action.Id, action);
        var droplet = new SandboxDroplet
        {
            Id = id,
            Name = planned.Name,
            RegionSlug = plan.RegionSlug,
            SizeSlug = plan.SizeSlug,
            ImageId = plan.Image.Wire.Id,
            ImageSlug = plan.Image.Wire.Slug ?? "",
            VpcUuid = plan.VpcUuid,
            PublicAddress = publicAddress,
            PublicGateway = _publicGateway,
            AnchorAddress = anchorAddress,
            PrivateAddress = privateAddress,
            PrivateGateway = AddressPlan.VpcGateway(plan.VpcIpRange),
            Ipv6Address = plan.Ipv6 ? AddressPlan.Ipv6Prefix + id.ToString("x") : null,
            Tags = tags,
            SshKeys = keys,
            UserData = plan.UserData,
            Monitoring = plan.Monitoring,
            Backups = plan.Backups,
            WithDropletAgent = plan.WithDropletAgent,
            CreatedAt = Now,
            CreateActionId = action.Id,
            Faults = planned.Faults,
            ListedFrom = planned.Faults.ListLag is { } lag ? Now + lag : null,
        };
        _droplets.Add(id, droplet);
        return droplet;
    }

    private void RemoveDropletLocked(long id)
    {
        if (!_droplets.Remove(id, out var droplet))
            return;
        // Destroyed before it turned active: its create action must not stay in-progress forever.
        FinishActionLocked(droplet.CreateActionId, ActionStatus.Errored);
        _publicRange.Release(droplet.PublicAddress);
        _anchorRange.Release(droplet.AnchorAddress);
        _privateRanges[droplet.VpcUuid].Release(droplet.PrivateAddress);
        ForgetDropletInFirewallsLocked(id);
    }
}

public enum DeleteRequest
{
    NotFound,
    Accepted,
    AlreadyGoing,
    PendingEvent,
}
