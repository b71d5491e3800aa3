using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// Counts authenticated /v2 requests against the windows and answers 429 beyond them. Every
/// other answer still carries the ratelimit-* headers (from a peek that counts nothing).
/// </summary>
public sealed class RateLimiter(RequestDelegate next, RateWindows windows)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path))
        {
            windows.Peek().WriteHeaders(context.Response);
            return next(context);
        }

        var isKeyList = HttpMethods.IsGet(context.Request.Method)
            && context.Request.Path.Value?.TrimEnd('/') == "/v2/account/keys";
        var decision = windows.Admit(isKeyList);
        decision.WriteHeaders(context.Response);
        return decision.Admitted ? next(context) : ApiErrors.WriteAsync(context, 429, ApiErrors.RateLimitedMessage);
    }
}
