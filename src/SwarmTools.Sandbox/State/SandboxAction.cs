namespace SwarmTools.Sandbox.State;

/// <summary>An action (the sandbox only makes droplet `create` actions).</summary>
public sealed record SandboxAction(
    long Id,
    string Type,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    long ResourceId,
    string ResourceType,
    string RegionSlug);

/// <summary>Action `status` values.</summary>
public static class ActionStatus
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Errored = "errored";
}
