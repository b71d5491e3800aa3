using SwarmTools.Sandbox.Faults;

namespace SwarmTools.Sandbox.State;

/// <summary>A validated droplet create request, ready for <see cref="SandboxState.CreateDroplets"/>.</summary>
public sealed record DropletPlan(
    IReadOnlyList<PlannedDroplet> Droplets,
    string RegionSlug,
    string SizeSlug,
    CatalogueImage Image,
    string VpcUuid,
    string VpcIpRange,
    IReadOnlyList<string> KeyIdentifiers,
    IReadOnlyList<string> Tags,
    string? UserData,
    bool Ipv6,
    bool Monitoring,
    bool Backups,
    bool? WithDropletAgent);

/// <summary>One name of the request and the faults armed for it.</summary>
public sealed record PlannedDroplet(string Name, DropletFaults Faults);

/// <summary>Either the droplets made or the 422 message explaining why none were.</summary>
public sealed record CreateOutcome(IReadOnlyList<SandboxDroplet> Created, string? Error);
