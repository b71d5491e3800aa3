namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// The armed faults, thread-safe. Every Take* both checks and consumes one firing, atomically,
/// so two concurrent requests never share one firing of a count=1 fault.
/// </summary>
public sealed class FaultBook
{
    private readonly object _gate = new();
    private readonly List<ArmedFault> _faults = [];
    private long _lastId;

    /// <summary>Validates against the <see cref="FaultKind"/> table and arms; returns the 422 message instead when it makes no sense.</summary>
    public (ArmedFault? Fault, string? Error) Arm(FaultRequest request, long lastDropletId)
    {
        var kind = FaultKind.Find(request.Kind);
        var error = kind is null ? UnknownKind(request.Kind) : MissingPart(kind, request);
        if (error is null && request.Count is < 1)
            error = "count must be at least 1.";
        if (error is null && request.RetryAfter is < 0)
            error = "retryAfter must not be negative.";
        if (error is not null)
            return (null, error);

        var untilCleared = kind!.WithoutCount == FaultLasts.UntilCleared;
        lock (_gate)
        {
            var fault = new ArmedFault(++_lastId, kind, request.Method?.ToUpperInvariant(), request.Path,
                request.Status, request.RetryAfter, request.Message, request.AfterHandler ?? false, request.DelayMs,
                request.Name, request.Count ?? (untilCleared ? null : 1), lastDropletId);
            _faults.Add(fault);
            return (fault, null);
        }
    }

    private static string UnknownKind(string? given) =>
        $"Unknown fault kind '{given}'. Known: {string.Join(", ", FaultKind.All.Select(k => k.Name))}.";

    private static string? MissingPart(FaultKind kind, FaultRequest request)
    {
        if (kind.Needs.HasFlag(FaultNeeds.Status) && request.Status is not (>= 400 and <= 599))
            return "status needs an HTTP status from 400 to 599.";
        if (kind.Needs.HasFlag(FaultNeeds.Delay) && request.DelayMs is not (> 0 and <= 600_000))
            return "delayMs needs a delay from 1 to 600000 ms.";
        if (kind.Needs.HasFlag(FaultNeeds.Name) && string.IsNullOrWhiteSpace(request.Name))
            return $"{kind.Name} needs the droplet name.";
        return null;
    }

    public IReadOnlyList<ArmedFault> List()
    {
        lock (_gate) return _faults.ToList();
    }

    public void Clear()
    {
        lock (_gate) _faults.Clear();
    }

    /// <summary>One firing of a request-level fault (status, delay, drop-answer) armed for this method and path.</summary>
    public ArmedFault? TakeForRequest(FaultKind kind, string method, string path) =>
        Take(kind, f => f.MatchesRequest(method, path));

    /// <summary>One firing of a fault scoped to droplets created after it was armed (the *-after-create kinds).</summary>
    public bool TakeAfterCreate(FaultKind kind, long dropletId) =>
        Take(kind, f => dropletId > f.ArmedAfterDropletId) is not null;

    /// <summary>The delay of one firing of a delay-carrying fault (list-lag, slow-delete); null when none is armed.</summary>
    public TimeSpan? TakeDelay(FaultKind kind) => Delay(Take(kind));

    /// <summary>Everything armed for a droplet of this name, taken at its create (one firing of each).</summary>
    public DropletFaults TakeDropletFaults(string name) => new(
        StaysNew: Take(FaultKind.StayNew, f => f.MatchesName(name)) is not null,
        FailsCreate: Take(FaultKind.CreateErrors, f => f.MatchesName(name)) is not null,
        ListLag: TakeDelay(FaultKind.ListLag),
        CloudInitDegraded: Take(FaultKind.CloudInitDegraded, f => f.MatchesName(name)) is not null,
        SlowJoin: Delay(Take(FaultKind.SlowJoin, f => f.MatchesName(name))));

    /// <summary>Checks and consumes one firing of the first armed fault of this kind that matches.</summary>
    public ArmedFault? Take(FaultKind kind, Func<ArmedFault, bool>? matches = null)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Kind == kind && (matches is null || matches(f)));
            if (index < 0)
                return null;
            var fault = _faults[index];
            if (fault.Remaining is int remaining)
            {
                if (remaining <= 1)
                    _faults.RemoveAt(index);
                else
                    _faults[index] = fault with { Remaining = remaining - 1 };
            }
            return fault;
        }
    }

    private static TimeSpan? Delay(ArmedFault? fault) =>
        fault?.DelayMs is int ms ? TimeSpan.FromMilliseconds(ms) : null;
}
