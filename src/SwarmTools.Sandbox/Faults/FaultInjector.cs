using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Faults;

/// <summary>
/// Applies the request-level faults to /v2 requests: `delay` holds the answer back, `status`
/// replaces it with an error. A status fault with `afterHandler` lets the request take effect
/// first (a droplet is created, then the client sees a 5xx) — the case that makes blind retries
/// of POST /v2/droplets create duplicates. `drop-answer` lets the request take effect and then
/// drops the connection unanswered: the client's view of a timeout, without waiting for one.
/// </summary>
public sealed class FaultInjector(RequestDelegate next, FaultBook faults)
{
    /// <summary>Set on an exchange whose answer this fault dropped: the answer exists, the caller did not hang up.</summary>
    public static readonly object AnswerDropped = new();

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var path = context.Request.Path.Value ?? "";
        var delay = faults.TakeForRequest(FaultKind.Delay, method, path);
        var drop = faults.TakeForRequest(FaultKind.DropAnswer, method, path);
        var status = drop is null ? faults.TakeForRequest(FaultKind.Status, method, path) : null;

        if (drop is not null)
        {
            // The request takes effect and its answer is journaled, but the client never hears it
            // (as when its timeout fires first).
            await next(context);
            await DelayAsync(delay, context);
            context.Items[AnswerDropped] = true;
            context.Abort();
            return;
        }

        if (status is { AfterHandler: false })
        {
            await DelayAsync(delay, context);
            await WriteFaultAsync(context, status);
            return;
        }

        if (status is null)
        {
            await next(context);
            await DelayAsync(delay, context);
            return;
        }

        // Run the handler into a discarded body, then answer with the fault.
        var realBody = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = realBody;
        }
        context.Response.Headers.Remove("location");
        await DelayAsync(delay, context);
        await WriteFaultAsync(context, status);
    }

    private static Task DelayAsync(ArmedFault? delay, HttpContext context) =>
        delay?.DelayMs is int ms ? Task.Delay(ms, context.RequestAborted) : Task.CompletedTask;

    private static Task WriteFaultAsync(HttpContext context, ArmedFault fault)
    {
        if (fault.RetryAfter is int seconds)
            context.Response.Headers["retry-after"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiErrors.WriteAsync(context, fault.Status!.Value, fault.Message);
    }
}
