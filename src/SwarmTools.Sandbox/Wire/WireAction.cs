namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `action`.</summary>
public sealed record WireAction(
    long Id,
    string Status,
    string Type,
    string StartedAt,
    string? CompletedAt,
    long? ResourceId,
    string ResourceType,
    WireRegion? Region,
    string? RegionSlug);
