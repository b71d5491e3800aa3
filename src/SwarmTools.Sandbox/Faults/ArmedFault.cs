namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// A fault waiting to fire. <see cref="Remaining"/> null means "until cleared".
/// <see cref="ArmedAfterDropletId"/> scopes not-found-after-create to droplets made after arming.
/// </summary>
public sealed record ArmedFault(
    long Id,
    FaultKind Kind,
    string? Method,
    string? Path,
    int? Status,
    int? RetryAfter,
    string? Message,
    bool AfterHandler,
    int? DelayMs,
    string? Name,
    int? Remaining,
    long ArmedAfterDropletId)
{
    /// <summary>Matches method (any when unset) and path prefix (any /v2 path when unset).</summary>
    public bool MatchesRequest(string method, string path) =>
        (Method is null || Method.Equals(method, StringComparison.OrdinalIgnoreCase))
        && (Path is null || path.StartsWith(Path, StringComparison.OrdinalIgnoreCase));

    public bool MatchesName(string name) => Name is not null && Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}
