using System.Text.Encodings.Web;
using System.Text.Json;

namespace SwarmTools.Sandbox.Http;

/// <summary>The one serializer setting of the wire: snake_case both ways, nulls written (the spec requires some).</summary>
public static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        WriteIndented = false,
        // Plain '&' in links, as the service writes them (the default escapes it as \u0026).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The control API takes the camelCase spelling its callers already use (`retryAfter`).</summary>
    public static readonly JsonSerializerOptions ControlInput = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };
}
