using System.Globalization;
using System.Text;
using SwarmTools.Sandbox.Faults;
using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// Journals every authenticated /v2 exchange (the control API is never logged, nor is anything an
/// unauthenticated caller sends), with private key blocks cut out of the bodies. The answer is
/// buffered so its body can be recorded; that buffering is also what lets a `delay` fault hold an answer back.
/// An exchange whose caller hung up is journaled as 499 (client closed request) with no answer: nothing
/// reached the caller, and ASP.NET ends a JSON write cut short by the abort quietly, which left a
/// "200" with an empty body that no answer of DigitalOcean's looks like.
/// </summary>
public sealed class RequestLog(RequestDelegate next, RequestJournal journal, TimeProvider clock)
{
    /// <summary>nginx's status for a request whose client closed the connection before the answer.</summary>
    public const int ClientClosedRequest = 499;

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
        catch (OperationCanceledException) when (CallerGone(context))
        {
            // the caller is gone; journaled below as an exchange without an answer
        }
        finally
        {
            context.Response.Body = realBody;
        }

        var aborted = CallerGone(context);
        journal.Add(new LoggedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value?.TrimStart('?') ?? "",
            aborted ? ClientClosedRequest : context.Response.StatusCode,
            requestBody,
            aborted || buffer.Length == 0 ? null : PrivateKeys.Redact(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)),
            RequestIds.Get(context),
            at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)));
        if (aborted)
            return;

        buffer.Position = 0;
        await buffer.CopyToAsync(realBody, context.RequestAborted);
    }

    /// <summary>The caller hung up; a drop-answer fault aborts too, but after its answer was made.</summary>
    private static bool CallerGone(HttpContext context) =>
        context.RequestAborted.IsCancellationRequested && !context.Items.ContainsKey(FaultInjector.AnswerDropped);

    private static async Task<string?> ReadRequestBodyAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return text.Length == 0 ? null : text;
    }
}
