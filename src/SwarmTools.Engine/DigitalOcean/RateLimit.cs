using System;
using System.Linq;
using System.Net.Http;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// The per-token rate limit as one response reported it (ratelimit-* headers). Read per response,
/// never kept on the shared connection: concurrent calls would overwrite each other's.
/// </summary>
public sealed class RateLimit
{
    public RateLimit(int limit, int remaining, DateTimeOffset reset)
    {
        Limit = limit;
        Remaining = remaining;
        Reset = reset;
    }

    public int Limit { get; }
    public int Remaining { get; }
    /// <summary>When the oldest request leaves the window (ratelimit-reset, Unix seconds).</summary>
    public DateTimeOffset Reset { get; }

    /// <summary>The rate limit of this response; null when it reports none.</summary>
    internal static RateLimit? Of(HttpResponseMessage response) =>
        int.TryParse(Header(response, "ratelimit-limit"), out var limit)
        && int.TryParse(Header(response, "ratelimit-remaining"), out var remaining)
        && long.TryParse(Header(response, "ratelimit-reset"), out var reset)
            ? new RateLimit(limit, remaining, DateTimeOffset.FromUnixTimeSeconds(reset))
            : null;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public override string ToString() => $"{Remaining}/{Limit} remaining, resets {Reset:u}";
}
