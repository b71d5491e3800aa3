namespace SwarmTools.Sandbox.Http;

/// <summary>The API wraps one object in a member named after it: {"droplet": {…}}.</summary>
public static class Envelope
{
    public static IResult One(string key, object value, int status = 200) =>
        Results.Json(new Dictionary<string, object> { [key] = value }, SandboxJson.Options, statusCode: status);

    /// <summary>204 with the JSON content type the spec's `no_content_with_content_type` keeps.</summary>
    public static IResult NoContentWithType(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return Results.NoContent();
    }
}
