using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SwarmTools.Contract;

/// <summary>Small JSON helpers: kinds, numbers, equality and how values appear in messages.</summary>
internal static class JsonValues
{
    private const int MaxShownLength = 80;

    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>True only for a JSON <c>true</c>: how boolean keywords such as nullable are read.</summary>
    public static bool IsTrue(JsonNode? node) => Kind(node) == JsonValueKind.True;

    /// <summary>
    /// Reads a number from its JSON text, so values parsed from a body and values built from
    /// the YAML spec compare alike. Decimal keeps large integer ids exact.
    /// </summary>
    public static bool TryGetNumber(JsonNode? node, out decimal value)
    {
        value = 0;
        return Kind(node) == JsonValueKind.Number
            && decimal.TryParse(node!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    public static bool IsInteger(JsonNode? node)
    {
        if (Kind(node) != JsonValueKind.Number)
            return false;
        if (TryGetNumber(node, out decimal exact))
            return exact == decimal.Truncate(exact);
        double approximate = node!.GetValue<double>();
        return double.IsFinite(approximate) && approximate == Math.Floor(approximate);
    }

    public static bool AreEqual(JsonNode? a, JsonNode? b)
    {
        var kind = Kind(a);
        if (kind != Kind(b))
            return false;
        return kind switch
        {
            JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False => true,
            JsonValueKind.String => a!.GetValue<string>() == b!.GetValue<string>(),
            JsonValueKind.Number => TryGetNumber(a, out decimal x) && TryGetNumber(b, out decimal y) && x == y,
            _ => JsonNode.DeepEquals(a, b),
        };
    }

    /// <summary>A value as shown in a violation: strings quoted, containers named, long text cut.</summary>
    public static string Describe(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Shorten(node!.ToJsonString()),
    };

    /// <summary>A value as the spec writes it (enum members, type and property names): strings unquoted.</summary>
    public static string AsText(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.String => node!.GetValue<string>(),
        _ => node!.ToJsonString(),
    };

    public static string Shorten(string text) =>
        text.Length <= MaxShownLength ? text : string.Concat(text.AsSpan(0, MaxShownLength), "...");
}
