namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `region`.</summary>
public sealed record WireRegion(
    string Name,
    string Slug,
    IReadOnlyList<string> Features,
    bool Available,
    IReadOnlyList<string> Sizes);
