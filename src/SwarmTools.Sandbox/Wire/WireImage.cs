namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `image`.</summary>
public sealed record WireImage(
    long Id,
    string Name,
    string Distribution,
    string? Slug,
    bool Public,
    IReadOnlyList<string> Regions,
    string CreatedAt,
    string Type,
    int? MinDiskSize,
    double? SizeGigabytes,
    string Description,
    IReadOnlyList<string> Tags,
    string Status,
    string ErrorMessage);
