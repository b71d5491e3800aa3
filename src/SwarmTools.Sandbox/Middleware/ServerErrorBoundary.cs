using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>A bug in a handler still answers in the API's error shape (500 server_error), and says why on stderr.</summary>
public sealed class ServerErrorBoundary(RequestDelegate next, RateWindows windows)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"sandbox: {context.Request.Method} {context.Request.Path} failed: {e}");
            context.Response.Clear();
            context.Response.Headers["x-request-id"] = RequestIds.Get(context);
            windows.Peek().WriteHeaders(context.Response);
            await ApiErrors.WriteAsync(context, 500);
        }
    }
}
