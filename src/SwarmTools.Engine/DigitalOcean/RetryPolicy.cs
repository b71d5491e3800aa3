using System;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// How hard the client retries. 429 is retried for every method (the API did nothing);
/// 5xx and connection failures only for GET and DELETE, which are safe to repeat.
/// </summary>
public sealed class RetryPolicy
{
    /// <summary>A fresh policy with the defaults: each connection owns its own, so no caller can change another's.</summary>
    public static RetryPolicy Default => new RetryPolicy();

    /// <summary>Attempts in all for a request that keeps failing transiently (first try included).</summary>
    public int MaxAttempts { get; set; } = 5;
    /// <summary>First backoff step; each retry doubles it, with full jitter, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(8);
    /// <summary>A 429 asking to wait longer than this fails instead of blocking the caller.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(90);
    /// <summary>Time allowed for one HTTP exchange.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    private static readonly Random Jitter = new Random();

    internal TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
        double factor;
        lock (Jitter) factor = Jitter.NextDouble();
        // Full jitter, but never zero: parallel callers spread out and still back off.
        return TimeSpan.FromMilliseconds(ceiling / 2 + ceiling / 2 * factor);
    }
}
