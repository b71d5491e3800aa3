using System.Text.Json;

namespace SwarmTools.Sandbox.Http;

/// <summary>Reads a JSON request body; a body that is not JSON of the right shape is a 400.</summary>
public static class JsonBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpContext context, JsonSerializerOptions? options = null)
        where T : class
    {
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(context.Request.Body, options ?? SandboxJson.Options, context.RequestAborted);
            return value is null ? (null, ApiErrors.BadRequest(context, "error parsing request body")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, ApiErrors.BadRequest(context, $"error parsing request body: {e.Message}"));
        }
    }
}
