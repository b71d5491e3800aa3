using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// Where the API takes "an id or a slug" (a droplet create's image, its ssh_keys), an id is a
/// JSON number and anything else a string: the service reads "12345" as a slug.
/// </summary>
internal sealed class IdOrSlugConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt64().ToString(CultureInfo.InvariantCulture) : reader.GetString();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => IdOrSlug.Write(writer, value);
}

/// <summary>The list form of <see cref="IdOrSlugConverter"/>.</summary>
internal sealed class IdsOrSlugsConverter : JsonConverter<List<string>>
{
    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var items = new List<string>();
        if (reader.TokenType == JsonTokenType.Null) return items;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            items.Add(reader.TokenType == JsonTokenType.Number ? reader.GetInt64().ToString(CultureInfo.InvariantCulture) : reader.GetString() ?? "");
        return items;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) IdOrSlug.Write(writer, item);
        writer.WriteEndArray();
    }
}

internal static class IdOrSlug
{
    public static void Write(Utf8JsonWriter writer, string value)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) writer.WriteNumberValue(id);
        else writer.WriteStringValue(value);
    }
}
