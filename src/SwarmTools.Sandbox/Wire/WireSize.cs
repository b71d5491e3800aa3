using System.Text.Json.Serialization;

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
    IReadOnlyList<WireDiskInfo> DiskInfo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WireGpuInfo? GpuInfo = null);

/// <summary>Spec schema `gpu_info` (GPU sizes only).</summary>
public sealed record WireGpuInfo(int Count, string Model, WireDiskAmount Vram);

/// <summary>Spec schema `disk_info`.</summary>
public sealed record WireDiskInfo(string Type, WireDiskAmount Size);

/// <summary>The `size` member of `disk_info`.</summary>
public sealed record WireDiskAmount(int Amount, string Unit);
