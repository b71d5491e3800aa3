using System.Net;
using System.Text;
using System.Text.Json;
using SwarmTools.Engine.DigitalOcean;

namespace SwarmTools.Tests.Client;

/// <summary>
/// The rate limit is read from each response and used for that response only: a concurrent call's
/// answer on the same connection must not change how long a 429 waits.
/// </summary>
[Trait("Category", "Unit")]
public sealed class RateLimitPerResponseTests
{
    /// <summary>Answers in-process: /v2/limited 429s once, then 200; anything else 200; each with its own ratelimit-reset.</summary>
    private sealed class Answers(DateTimeOffset limitedReset, DateTimeOffset otherReset) : HttpMessageHandler
    {
        public int LimitedCalls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var limited = request.RequestUri!.AbsolutePath == "/v2/limited";
            var first = limited && Interlocked.Increment(ref LimitedCalls) == 1;
            var response = new HttpResponseMessage(first ? (HttpStatusCode)429 : HttpStatusCode.OK)
            {
                Content = new StringContent(first ? """{"id":"too_many_requests","message":"slow down"}""" : """{"thing":{}}""", Encoding.UTF8, "application/json"),
            };
            var reset = limited ? limitedReset : otherReset;
            response.Headers.Add("ratelimit-limit", "5000");
            response.Headers.Add("ratelimit-remaining", limited ? "0" : "4999");
            response.Headers.Add("ratelimit-reset", reset.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.FromResult(response);
        }
    }

    [Fact]
    public async Task A_429_waits_for_its_own_reset_even_when_another_call_answers_in_between()
    {
        var answers = new Answers(DateTimeOffset.UtcNow.AddSeconds(2), DateTimeOffset.UtcNow.AddHours(1));
        var retry = new RetryPolicy { MaxRateLimitWait = TimeSpan.FromSeconds(10) };
        using var api = new ApiConnection(new Uri("http://api.test/"), "token", retry, answers);
        var otherAnswered = false;
        // Between the 429 and its wait, another call on the same connection gets its answer (a far reset).
        api.Trace = line =>
        {
            if (line.StartsWith("GET /v2/limited 429", StringComparison.Ordinal) && !otherAnswered)
            {
                otherAnswered = true;
                api.GetAsync<JsonElement>("v2/other", "thing", default).GetAwaiter().GetResult();
            }
        };
        var started = DateTime.UtcNow;

        await api.GetAsync<JsonElement>("v2/limited", "thing", default);

        Assert.True(otherAnswered, "the other call must have answered between the 429 and its wait");
        Assert.Equal(2, answers.LimitedCalls);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "the wait must come from the 429's own reset");
    }

    [Fact]
    public async Task A_failed_call_carries_the_rate_limit_its_answer_reported()
    {
        var answers = new Answers(DateTimeOffset.UtcNow.AddSeconds(30), DateTimeOffset.UtcNow.AddHours(1));
        using var api = new ApiConnection(new Uri("http://api.test/"), "token", new RetryPolicy { MaxAttempts = 1 }, answers);

        var e = await Assert.ThrowsAsync<DigitalOceanException>(() => api.GetAsync<JsonElement>("v2/limited", "thing", default));

        Assert.Equal(429, e.StatusCode);
        Assert.Equal(0, e.Rate!.Remaining);
        Assert.Equal(5000, e.Rate.Limit);
    }
}
