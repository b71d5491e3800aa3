using System.Text.Json;
using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// A custom-scoped token gets 403 for what its scopes do not cover, as from the service: the
/// answer does not say which scope is missing (clients must know what they asked for). The one
/// exception is a setting: a droplet create whose only missing scope is tag:create (an
/// "associated" scope) can make the droplets untagged instead (--tag-create-missing untagged).
/// </summary>
public sealed class ScopeCheck(RequestDelegate next, SandboxOptions options)
{
    public const string ScopesItem = "swarmtools.scopes";
    public const string UntaggedItem = "swarmtools.untagged";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiPaths.IsApi(context.Request.Path) || context.Items[ScopesItem] is not IReadOnlySet<string> held)
        {
            await next(context);
            return;
        }
        var body = HttpMethods.IsPost(context.Request.Method) ? await PeekJsonAsync(context.Request) : null;
        var parts = Scopes.Parts(context.Request.Method, context.Request.Path.Value ?? "", context.Request.Query, body);
        var refused = parts.Where(p => p.Scopes.Any(scope => !Scopes.Grants(held, scope))).ToList();
        if (refused.Count == 0)
            await next(context);
        else if (options.TagCreateMissing == SandboxOptions.CreateUntagged && IsDropletCreate(context.Request) && refused.All(p => p.Name == "tags"))
        {
            context.Items[UntaggedItem] = true;
            await next(context);
        }
        else
            await ApiErrors.WriteAsync(context, 403, ApiErrors.ForbiddenMessage);
    }

    private static bool IsDropletCreate(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && (request.Path.Value ?? "").TrimEnd('/') == "/v2/droplets";

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
