namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `vpc`.</summary>
public sealed record WireVpc(
    string Id,
    string Urn,
    string Name,
    string Description,
    string Region,
    string IpRange,
    bool Default,
    string CreatedAt);
