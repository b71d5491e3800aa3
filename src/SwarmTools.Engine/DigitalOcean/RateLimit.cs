using System;

namespace SwarmTools.DigitalOcean
{
    /// <summary>The per-token rate limit as the last response reported it (ratelimit-* headers).</summary>
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

        public override string ToString() => $"{Remaining}/{Limit} remaining, resets {Reset:u}";
    }
}
