using System.Security.Cryptography;
using System.Text;
using SwarmTools.Sandbox.Http;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>`Authorization: Bearer &lt;token&gt;` on every /v2 and /_sandbox route, else 401.</summary>
public sealed class BearerAuth(RequestDelegate next, SandboxToken token, RateWindows windows)
{
    private const string Scheme = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!ApiPaths.IsApi(path) && !ApiPaths.IsControl(path))
            return next(context);
        if (IsAuthorized(context.Request.Headers.Authorization.ToString()))
            return next(context);
        windows.Peek().WriteHeaders(context.Response);
        return ApiErrors.WriteAsync(context, 401, ApiErrors.UnauthorizedMessage);
    }

    private bool IsAuthorized(string header)
    {
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(presented, token.Bytes);
    }
}

/// <summary>The bearer token the sandbox accepts (from SWARMTOOLS_SANDBOX_TOKEN).</summary>
public sealed class SandboxToken(string value)
{
    public byte[] Bytes { get; } = Encoding.UTF8.GetBytes(value);
}
