using SwarmTools.Sandbox.Wire;

namespace SwarmTools.Sandbox.Http;

/// <summary>Error answers in the API's `{id, message, request_id}` shape.</summary>
public static class ApiErrors
{
    public const string NotFoundMessage = "The resource you were accessing could not be found.";
    public const string UnauthorizedMessage = "Unable to authenticate you";
    public const string RateLimitedMessage = "API Rate limit exceeded.";
    /// <summary>A custom-scoped token's 403 (observed wording); it does not name the missing scope.</summary>
    public const string ForbiddenMessage = "You are not authorized to perform this operation.";

    public static IResult NotFound(HttpContext context) => Result(context, 404, NotFoundMessage);

    public static IResult Unprocessable(HttpContext context, string message) => Result(context, 422, message);

    public static IResult BadRequest(HttpContext context, string message) => Result(context, 400, message);

    public static IResult Result(HttpContext context, int status, string? message = null) =>
        Results.Json(Body(context, status, message), SandboxJson.Options, statusCode: status);

    /// <summary>For middleware, which writes the response itself.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? message = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Body(context, status, message), SandboxJson.Options);
    }

    public static WireError Body(HttpContext context, int status, string? message) =>
        new(IdFor(status), message ?? DefaultMessage(status), RequestIds.Get(context));

    public static string IdFor(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        409 => "conflict",
        422 => "unprocessable_entity",
        429 => "too_many_requests",
        >= 500 => "server_error",
        _ => "error",
    };

    private static string DefaultMessage(int status) => status switch
    {
        400 => "error parsing request body",
        401 => UnauthorizedMessage,
        403 => "You do not have access for the attempted action.",
        404 => NotFoundMessage,
        409 => "The request conflicts with the current state of the resource.",
        422 => "request payload validation failed",
        429 => RateLimitedMessage,
        >= 500 => "Unexpected server-side error",
        _ => "The request could not be completed.",
    };
}
