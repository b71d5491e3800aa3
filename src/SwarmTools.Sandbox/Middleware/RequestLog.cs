using System.Globalization;
using System.Text;
using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// Journals every authenticated /v2 exchange (the control API is never logged, nor is anything an
/// unauthenticated caller sends), with private key blocks cut out of the bodies. The answer is
/// buffered so its body can be recorded; that buffering is also what lets a `delay` fault hold an answer back.
/// </summary>
public sealed class RequestLog(RequestDelegate next, RequestJournal journal, TimeProvider clock)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path))
        {
            await next(context);
            return;
        }

        var at = clock.GetUtcNow();
        var requestBody = PrivateKeys.Redact(await ReadRequestBodyAsync(context.Request));
        var realBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = realBody;
        }

        journal.Add(new LoggedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value?.TrimStart('?') ?? "",
            context.Response.StatusCode,
            requestBody,
            buffer.Length == 0 ? null : PrivateKeys.Redact(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)),
            RequestIds.Get(context),
            at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));

        buffer.Position = 0;
        await buffer.CopyToAsync(realBody, context.RequestAborted);
    }

    private static async Task<string?> ReadRequestBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return text.Length == 0 ? null : text;
    }
}
