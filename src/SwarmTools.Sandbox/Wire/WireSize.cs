namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `size`.</summary>
public sealed record WireSize(
    string Slug,
    int Memory,
    int Vcpus,
    int Disk,
    double Transfer,
    double PriceMonthly,
    double PriceHourly,
    IReadOnlyList<string> Regions,
    bool Available,
    string Description,
    IReadOnlyList<WireDiskInfo> DiskInfo);

/// <summary>Spec schema `disk_info`.</summary>
public sealed record WireDiskInfo(string Type, WireDiskAmount Size);

/// <summary>The `size` member of `disk_info`.</summary>
public sealed record WireDiskAmount(int Amount, string Unit);
