using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// A list the API answers with null (the spec marks firewall lists, image tags and others
/// nullable) is read as empty, so no caller meets a null list.
/// </summary>
internal sealed class NullAsEmptyListFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(List<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(NullAsEmptyList<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
}

internal sealed class NullAsEmptyList<T> : JsonConverter<List<T>>
{
    // Called for a JSON null too (otherwise the property would be set to null).
    public override bool HandleNull => true;

    public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var items = new List<T>();
        if (reader.TokenType == JsonTokenType.Null) return items;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"expected an array, not {reader.TokenType}");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            items.Add(JsonSerializer.Deserialize<T>(ref reader, options)!);
        return items;
    }

    public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
        writer.WriteEndArray();
    }
}
