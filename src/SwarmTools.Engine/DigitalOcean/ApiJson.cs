using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>The API speaks snake_case JSON; nulls are left out of requests, and a null list in an answer reads as empty.</summary>
internal static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NullAsEmptyListFactory() },
    };
}
