namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `droplet`: every member of its `required` list is always written.</summary>
public sealed record WireDroplet(
    long Id,
    string Name,
    int Memory,
    int Vcpus,
    int Disk,
    IReadOnlyList<WireDiskInfo> DiskInfo,
    bool Locked,
    string Status,
    object? Kernel,
    string CreatedAt,
    IReadOnlyList<string> Features,
    IReadOnlyList<long> BackupIds,
    object? NextBackupWindow,
    IReadOnlyList<long> SnapshotIds,
    WireImage Image,
    IReadOnlyList<string> VolumeIds,
    WireSize Size,
    string SizeSlug,
    WireNetworks Networks,
    WireRegion Region,
    IReadOnlyList<string> Tags,
    string VpcUuid);

/// <summary>The droplet's `networks` object.</summary>
public sealed record WireNetworks(IReadOnlyList<WireNetworkV4> V4, IReadOnlyList<WireNetworkV6> V6);

/// <summary>Spec schema `network_v4`.</summary>
public sealed record WireNetworkV4(string IpAddress, string Netmask, string Gateway, string Type);

/// <summary>Spec schema `network_v6`.</summary>
public sealed record WireNetworkV6(string IpAddress, int Netmask, string Gateway, string Type);
