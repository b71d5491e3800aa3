namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// The per-token sliding windows: --rate-per-hour (reported in the ratelimit-* headers, as the
/// service does), --rate-per-minute (the burst limit, whose 429 carries retry-after) and
/// --keys-per-minute for GET /v2/account/keys. Refused requests are not counted.
/// </summary>
public sealed class RateWindows(SandboxOptions options, TimeProvider clock)
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private readonly object _gate = new();
    private readonly Queue<DateTimeOffset> _minute = new();
    private readonly Queue<DateTimeOffset> _hour = new();
    private readonly Queue<DateTimeOffset> _keyLists = new();

    /// <summary>Counts the request if it is within every limit.</summary>
    public RateDecision Admit(bool isKeyList)
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            Prune(now);
            if (_hour.Count >= options.RatePerHour)
                return Decision(now, admitted: false, retryAfter: null);
            if (_minute.Count >= options.RatePerMinute)
                return Decision(now, admitted: false, RetryAfter(_minute, Minute, now));
            if (isKeyList && _keyLists.Count >= options.KeysPerMinute)
                return Decision(now, admitted: false, RetryAfter(_keyLists, Minute, now));
            _minute.Enqueue(now);
            _hour.Enqueue(now);
            if (isKeyList)
                _keyLists.Enqueue(now);
            return Decision(now, admitted: true, retryAfter: null);
        }
    }

    /// <summary>The current header values without counting anything (401s, control API).</summary>
    public RateDecision Peek()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            Prune(now);
            return Decision(now, admitted: true, retryAfter: null);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _minute.Clear();
            _hour.Clear();
            _keyLists.Clear();
        }
    }

    private RateDecision Decision(DateTimeOffset now, bool admitted, int? retryAfter)
    {
        // ratelimit-reset: when the oldest request of the hourly window expires.
        var reset = _hour.Count > 0 ? _hour.Peek() + Hour : now;
        return new RateDecision(admitted, retryAfter, options.RatePerHour,
            Math.Max(0, options.RatePerHour - _hour.Count), (long)Math.Ceiling(reset.ToUnixTimeMilliseconds() / 1000.0));
    }

    private static int RetryAfter(Queue<DateTimeOffset> window, TimeSpan length, DateTimeOffset now) =>
        Math.Max(1, (int)Math.Ceiling((window.Peek() + length - now).TotalSeconds));

    private void Prune(DateTimeOffset now)
    {
        Drop(_minute, now - Minute);
        Drop(_hour, now - Hour);
        Drop(_keyLists, now - Minute);
    }

    private static void Drop(Queue<DateTimeOffset> window, DateTimeOffset before)
    {
        while (window.Count > 0 && window.Peek() <= before)
            window.Dequeue();
    }
}

/// <summary>Whether a request may proceed, and the ratelimit-* header values to send either way.</summary>
public sealed record RateDecision(bool Admitted, int? RetryAfterSeconds, int Limit, int Remaining, long ResetUnixSeconds)
{
    public void WriteHeaders(HttpResponse response)
    {
        response.Headers["ratelimit-limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["ratelimit-remaining"] = Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["ratelimit-reset"] = ResetUnixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (RetryAfterSeconds is int seconds)
            response.Headers["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
