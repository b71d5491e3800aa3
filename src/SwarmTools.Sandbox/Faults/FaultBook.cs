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

    /// <summary>Validates and arms a fault; returns the 422 message instead when it makes no sense.</summary>
    public (ArmedFault? Fault, string? Error) Arm(FaultRequest request, long lastDropletId)
    {
        var kind = request.Kind?.Trim().ToLowerInvariant();
        string? error = kind switch
        {
            FaultKind.Status when request.Status is not (>= 400 and <= 599) => "status needs an HTTP status from 400 to 599.",
            FaultKind.Delay or FaultKind.ListLag or FaultKind.SlowJoin or FaultKind.SlowDelete when request.DelayMs is not (> 0 and <= 600_000) => "delayMs needs a delay from 1 to 600000 ms.",
            FaultKind.StayNew or FaultKind.CreateErrors or FaultKind.CloudInitDegraded or FaultKind.SlowJoin
                when string.IsNullOrWhiteSpace(request.Name) => $"{kind} needs the droplet name.",
            FaultKind.Status or FaultKind.Delay or FaultKind.StayNew or FaultKind.CreateErrors
                or FaultKind.NotFoundAfterCreate or FaultKind.ActionNotFoundAfterCreate or FaultKind.KeyRace or FaultKind.KeyLookupLag or FaultKind.ListLag or FaultKind.DropAnswer
                or FaultKind.CloudInitDegraded or FaultKind.SlowJoin or FaultKind.SlowDelete or FaultKind.CreateUntagged => null,
            _ => $"Unknown fault kind '{request.Kind}'. Known: status, delay, stay-new, create-errors, not-found-after-create, action-not-found-after-create, key-race, key-lookup-lag, list-lag, drop-answer, cloud-init-degraded, slow-join, slow-delete, create-untagged.",
        };
        if (error is null && request.Count is < 1)
            error = "count must be at least 1.";
        if (error is null && request.RetryAfter is < 0)
            error = "retryAfter must not be negative.";
        if (error is not null)
            return (null, error);

        var untilCleared = kind is FaultKind.StayNew or FaultKind.CreateErrors or FaultKind.ListLag
            or FaultKind.CloudInitDegraded or FaultKind.SlowJoin or FaultKind.SlowDelete;
        lock (_gate)
        {
            var fault = new ArmedFault(++_lastId, kind!, request.Method?.ToUpperInvariant(), request.Path,
                request.Status, request.RetryAfter, request.Message, request.AfterHandler ?? false, request.DelayMs,
                request.Name, request.Count ?? (untilCleared ? null : 1), lastDropletId);
            _faults.Add(fault);
            return (fault, null);
        }
    }

    public IReadOnlyList<ArmedFault> List()
    {
        lock (_gate) return _faults.ToList();
    }

    public void Clear()
    {
        lock (_gate) _faults.Clear();
    }

    public ArmedFault? TakeStatus(string method, string path) =>
        Take(f => f.Kind == FaultKind.Status && f.MatchesRequest(method, path));

    public ArmedFault? TakeDelay(string method, string path) =>
        Take(f => f.Kind == FaultKind.Delay && f.MatchesRequest(method, path));

    public bool TakeStayNew(string name) => Take(f => f.Kind == FaultKind.StayNew && f.MatchesName(name)) is not null;

    public bool TakeCreateErrors(string name) => Take(f => f.Kind == FaultKind.CreateErrors && f.MatchesName(name)) is not null;

    public bool TakeNotFoundAfterCreate(long dropletId) =>
        Take(f => f.Kind == FaultKind.NotFoundAfterCreate && dropletId > f.ArmedAfterDropletId) is not null;

    public bool TakeActionNotFoundAfterCreate(long dropletId) =>
        Take(f => f.Kind == FaultKind.ActionNotFoundAfterCreate && dropletId > f.ArmedAfterDropletId) is not null;

    public bool TakeKeyLookupLag() => Take(f => f.Kind == FaultKind.KeyLookupLag) is not null;

    public bool TakeKeyRace() => Take(f => f.Kind == FaultKind.KeyRace) is not null;

    /// <summary>Whether the next droplet create makes its droplets without their tags.</summary>
    public bool TakeCreateUntagged() => Take(f => f.Kind == FaultKind.CreateUntagged) is not null;

    /// <summary>How long a droplet created now stays out of lists (null: it is listed at once).</summary>
    public TimeSpan? TakeListLag() => Take(f => f.Kind == FaultKind.ListLag)?.DelayMs is int ms ? TimeSpan.FromMilliseconds(ms) : null;

    public bool TakeCloudInitDegraded(string name) => Take(f => f.Kind == FaultKind.CloudInitDegraded && f.MatchesName(name)) is not null;

    /// <summary>How much longer the swarm join of droplet <paramref name="name"/> takes (null: no slower than it is).</summary>
    public TimeSpan? TakeSlowJoin(string name) =>
        Take(f => f.Kind == FaultKind.SlowJoin && f.MatchesName(name))?.DelayMs is int ms ? TimeSpan.FromMilliseconds(ms) : null;

    /// <summary>How long a droplet deleted now stays (null: the sandbox's --delete-seconds).</summary>
    public TimeSpan? TakeSlowDelete() => Take(f => f.Kind == FaultKind.SlowDelete)?.DelayMs is int ms ? TimeSpan.FromMilliseconds(ms) : null;

    public ArmedFault? TakeDropAnswer(string method, string path) =>
        Take(f => f.Kind == FaultKind.DropAnswer && f.MatchesRequest(method, path));

    private ArmedFault? Take(Func<ArmedFault, bool> matches)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => matches(f));
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
}
