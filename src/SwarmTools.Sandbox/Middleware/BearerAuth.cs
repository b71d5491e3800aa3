using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// `Authorization: Bearer &lt;token&gt;` on every /v2 and /_sandbox route, else 401. A custom-scoped
/// token's scopes go on to <see cref="ScopeCheck"/>; only the main token reaches /_sandbox.
/// </summary>
public sealed class BearerAuth(RequestDelegate next, TokenBook tokens, RateWindows windows)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!ApiPaths.IsApi(path) && !ApiPaths.IsControl(path))
            return next(context);
        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : "";
        var (known, scopes) = presented.Length == 0 ? (false, null) : tokens.Find(presented);
        if (known && (ApiPaths.IsApi(path) || tokens.IsMain(presented)))
        {
            if (scopes is not null)
                context.Items[ScopeCheck.ScopesItem] = scopes;
            return next(context);
        }
        windows.Peek().WriteHeaders(context.Response);
        return ApiErrors.WriteAsync(context, 401, ApiErrors.UnauthorizedMessage);
    }
}
