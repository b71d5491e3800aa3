using System.Text.Json;
using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// A custom-scoped token gets 403 for what its scopes do not cover, as from the service: the
/// answer does not say which scope is missing (clients must know what they asked for).
/// </summary>
public sealed class ScopeCheck(RequestDelegate next)
{
    public const string ScopesItem = "swarmtools.scopes";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path) || context.Items[ScopesItem] is not IReadOnlySet<string> held)
        {
            await next(context);
            return;
        }
        var body = HttpMethods.IsPost(context.Request.Method) ? await PeekJsonAsync(context.Request) : null;
        var needed = Scopes.Needed(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Query, body);
        if (needed.All(scope => Scopes.Grants(held, scope)))
            await next(context);
        else
            await ApiErrors.WriteAsync(context, 403, ApiErrors.ForbiddenMessage);
    }

    // The body stays readable for the endpoint (RequestLog turned buffering on).
    private static async Task<JsonElement?> PeekJsonAsync(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }
}
