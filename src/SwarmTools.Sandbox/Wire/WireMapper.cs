using System.Globalization;
using SwarmTools.Sandbox.Http;
using SwarmTools.Sandbox.State;

namespace SwarmTools.Sandbox.Wire;

/// <summary>Turns the sandbox's own records into the API's wire shapes.</summary>
public sealed class WireMapper(ReferenceData reference, SandboxUrls urls, SandboxState state)
{
    private static readonly WireTagCount NoneTagged = new(0, null);

    /// <summary>Networks are reported only once active: a `new` droplet answers empty v4/v6 lists.</summary>
    public WireDroplet Droplet(SandboxDroplet d)
    {
        var size = reference.FindSize(d.SizeSlug) ?? throw new InvalidOperationException($"size {d.SizeSlug} vanished");
        var image = reference.FindImage(d.ImageId.ToString(CultureInfo.InvariantCulture))?.Wire
            ?? throw new InvalidOperationException($"image {d.ImageId} vanished");
        var region = reference.FindRegion(d.RegionSlug) ?? throw new InvalidOperationException($"region {d.RegionSlug} vanished");
        return new WireDroplet(
            d.Id, d.Name, size.Memory, size.Vcpus, size.Disk, size.DiskInfo, d.Locked, d.Status,
            Kernel: null, IsoTime.Format(d.CreatedAt), Features(d), BackupIds: [], NextBackupWindow: null,
            SnapshotIds: [], image, VolumeIds: [], size, size.Slug, Networks(d), region, d.Tags, d.VpcUuid);
    }

    public WireAction Action(SandboxAction a) =>
        new(a.Id, a.Status, a.Type, IsoTime.Format(a.StartedAt), a.CompletedAt is { } done ? IsoTime.Format(done) : null,
            a.ResourceId, a.ResourceType, reference.FindRegion(a.RegionSlug), a.RegionSlug);

    public WireActionLink CreateActionLink(SandboxDroplet d) =>
        new(d.CreateActionId, "create", urls.Absolute($"/v2/actions/{d.CreateActionId}"));

    public static WireSshKey Key(SandboxKey k) => new(k.Id, k.Fingerprint, k.PublicKey, k.Name);

    public WireTag Tag(string name)
    {
        var (count, lastDropletId) = state.TagUsage(name);
        var lastUri = lastDropletId is { } id ? urls.Absolute($"/v2/droplets/{id}") : null;
        return new WireTag(name, new WireTagResources(count, lastUri, new WireTagCount(count, lastUri),
            NoneTagged, NoneTagged, NoneTagged, NoneTagged));
    }

    public static WireFirewall Firewall(SandboxFirewall f) =>
        new(f.Id, f.Name, f.Status, NullIfEmpty(f.InboundRules), NullIfEmpty(f.OutboundRules), IsoTime.Format(f.CreatedAt), NullIfEmpty(f.DropletIds), NullIfEmpty(f.Tags),
            f.Status == FirewallStatus.Waiting
                ? f.DropletIds.Select(id => new WirePendingChange(id, false, FirewallStatus.Waiting)).ToArray()
                : []);

    public WireLoadBalancer LoadBalancer(SandboxLoadBalancer l, bool active) =>
        new(l.Id, l.Name, l.Ip, Ipv6: "", SizeUnit: 1, active ? "active" : "new", IsoTime.Format(l.CreatedAt), l.ForwardingRules,
            WireHealthCheck.Default, WireStickySessions.None, RedirectHttpToHttps: false, EnableProxyProtocol: false, EnableBackendKeepalive: false,
            HttpIdleTimeoutSeconds: 60, l.VpcUuid, Network: "EXTERNAL", NetworkStack: "IPV4", Type: "REGIONAL",
            reference.FindRegion(l.RegionSlug) ?? throw new InvalidOperationException($"region {l.RegionSlug} vanished"), l.DropletIds, l.Tag);

    private static IReadOnlyList<T>? NullIfEmpty<T>(IReadOnlyList<T> list) => list.Count == 0 ? null : list;

    private static WireNetworks Networks(SandboxDroplet d)
    {
        if (d.Status != DropletStatus.Active)
            return new WireNetworks([], []);
        WireNetworkV4[] v4 =
        [
            new(d.PublicAddress, AddressPlan.PublicNetmask, d.PublicGateway, "public"),
            new(d.PrivateAddress, AddressPlan.VpcNetmask, d.PrivateGateway, "private"),
        ];
        WireNetworkV6[] v6 = d.Ipv6Address is { } address ? [new(address, 64, AddressPlan.Ipv6Gateway, "public")] : [];
        return new WireNetworks(v4, v6);
    }

    private static string[] Features(SandboxDroplet d)
    {
        var features = new List<string>();
        if (d.Backups) features.Add("backups");
        features.Add("private_networking");
        if (d.Ipv6Address is not null) features.Add("ipv6");
        if (d.Monitoring) features.Add("monitoring");
        return features.ToArray();
    }
}
