namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `account`.</summary>
public sealed record WireAccount(
    int DropletLimit,
    int FloatingIpLimit,
    string Email,
    string Name,
    string Uuid,
    bool EmailVerified,
    string Status,
    string StatusMessage);
