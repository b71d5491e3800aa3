using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SwarmTools.Contract;

/// <summary>
/// Validates a JSON value against an OpenAPI 3.0/3.1 schema object, collecting one message per
/// violation in the form <c>$.droplets[0].networks.v4[1].type: "vpc" is not one of [public, private]</c>.
/// One instance serves one body (it tracks the <c>$ref</c>s being expanded to catch cycles).
/// </summary>
internal sealed partial class SchemaValidator(SpecDocument spec, StringFormats formats, MessageDirection direction)
{
    // Schema/instance pairs being validated right now; meeting one again means a $ref cycle
    // that consumes no input (e.g. allOf: [$ref: self]), which would otherwise never end.
    private readonly HashSet<(JsonObject Schema, JsonNode? Instance)> _active = new(ReferencePairComparer.Instance);

    public void Validate(JsonNode? instance, JsonNode? schemaNode, string location, List<string> violations)
    {
        if (schemaNode is JsonValue booleanSchema && JsonValues.Kind(booleanSchema) == JsonValueKind.False)
        {
            violations.Add($"{location}: no value is allowed here");
            return;
        }
        if (schemaNode is not JsonObject schema)
            return; // 'true' schema, or no schema at all: anything goes

        if (schema["$ref"] is JsonValue reference)
        {
            ValidateReference(instance, reference.ToString(), location, violations);
            if (!spec.RefSiblingsApply)
                return;
        }

        if (instance is null && AllowsNull(schema))
            return;
        if (!CheckType(instance, schema, location, violations))
            return; // further keywords would only repeat the same mistake
        CheckEnum(instance, schema, location, violations);

        switch (JsonValues.Kind(instance))
        {
            case JsonValueKind.String:
                CheckString(instance!.GetValue<string>(), schema, location, violations);
                break;
            case JsonValueKind.Number:
                CheckNumber(instance, schema, location, violations);
                break;
            case JsonValueKind.Array:
                CheckArray((JsonArray)instance!, schema, location, violations);
                break;
            case JsonValueKind.Object:
                CheckObject((JsonObject)instance!, schema, location, violations);
                break;
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (var part in allOf)
                Validate(instance, part, location, violations);
        }
        CheckAlternatives(instance, schema, "oneOf", location, violations);
        CheckAlternatives(instance, schema, "anyOf", location, violations);
    }

    private void ValidateReference(JsonNode? instance, string reference, string location, List<string> violations)
    {
        var target = spec.Dereference(reference, out string? error);
        if (target is null)
        {
            violations.Add($"{location}: spec error: {error}");
            return;
        }
        if (!_active.Add((target, instance)))
        {
            violations.Add($"{location}: spec error: $ref {reference} loops back on itself");
            return;
        }
        Validate(instance, target, location, violations);
        _active.Remove((target, instance));
    }

    // 3.0 says 'nullable: true'; 3.1 says 'type: [..., "null"]'. Honouring both costs nothing.
    private static bool AllowsNull(JsonObject schema) =>
        JsonValues.IsTrue(schema["nullable"]) || DeclaredTypes(schema).Contains("null");

    /// <summary>The schema's <c>type</c> as a list: one name in 3.0, possibly several in 3.1.</summary>
    public static List<string> DeclaredTypes(JsonObject schema) => schema["type"] switch
    {
        JsonValue single when JsonValues.Kind(single) == JsonValueKind.String => [single.GetValue<string>()],
        JsonArray several => several.Select(JsonValues.AsText).ToList(),
        _ => [],
    };

    private static bool CheckType(JsonNode? instance, JsonObject schema, string location, List<string> violations)
    {
        var types = DeclaredTypes(schema);
        if (types.Count == 0 || types.Any(type => HasType(instance, type)))
            return true;
        string expected = string.Join(" or ", types);
        violations.Add(instance is null
            ? $"{location}: null is not allowed (expected {expected}, not nullable)"
            : $"{location}: {JsonValues.Describe(instance)} is not of type {expected}");
        return false;
    }

    private static bool HasType(JsonNode? instance, string type) => (type, JsonValues.Kind(instance)) switch
    {
        ("null", JsonValueKind.Null) => true,
        ("object", JsonValueKind.Object) => true,
        ("array", JsonValueKind.Array) => true,
        ("string", JsonValueKind.String) => true,
        ("boolean", JsonValueKind.True or JsonValueKind.False) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => JsonValues.IsInteger(instance),
        _ => false,
    };

    private static void CheckEnum(JsonNode? instance, JsonObject schema, string location, List<string> violations)
    {
        if (schema["enum"] is not JsonArray members || members.Any(member => JsonValues.AreEqual(instance, member)))
            return;
        string allowed = string.Join(", ", members.Select(JsonValues.AsText));
        violations.Add($"{location}: {JsonValues.Describe(instance)} is not one of [{allowed}]");
    }

    private void CheckString(string value, JsonObject schema, string location, List<string> violations)
    {
        int length = value.EnumerateRunes().Count(); // JSON Schema counts code points
        if (ReadNumber(schema, "maxLength") is { } maxLength && length > maxLength)
            violations.Add($"{location}: length {length} exceeds maxLength {maxLength}");
        if (ReadNumber(schema, "minLength") is { } minLength && length < minLength)
            violations.Add($"{location}: length {length} is below minLength {minLength}");
        if (schema["format"] is JsonValue format && StringFormats.CheckFormat(format.ToString(), value) is { } problem)
            violations.Add($"{location}: {JsonValues.Describe(JsonValue.Create(value))} {problem}");
        if (schema["pattern"] is JsonValue pattern && !formats.MatchesPattern(pattern.ToString(), value))
            violations.Add($"{location}: {JsonValues.Describe(JsonValue.Create(value))} does not match pattern {pattern}");
    }

    private static void CheckNumber(JsonNode? instance, JsonObject schema, string location, List<string> violations)
    {
        if (!JsonValues.TryGetNumber(instance, out decimal value))
            return;
        if (ReadNumber(schema, "minimum") is { } minimum && value < minimum)
            violations.Add($"{location}: {value} is less than minimum {minimum}");
        if (ReadNumber(schema, "maximum") is { } maximum && value > maximum)
            violations.Add($"{location}: {value} is greater than maximum {maximum}");
    }

    private void CheckArray(JsonArray array, JsonObject schema, string location, List<string> violations)
    {
        if (ReadNumber(schema, "minItems") is { } minItems && array.Count < minItems)
            violations.Add($"{location}: {array.Count} items, fewer than minItems {minItems}");
        if (ReadNumber(schema, "maxItems") is { } maxItems && array.Count > maxItems)
            violations.Add($"{location}: {array.Count} items, more than maxItems {maxItems}");
        if (schema["items"] is { } items)
        {
            for (int i = 0; i < array.Count; i++)
                Validate(array[i], items, $"{location}[{i}]", violations);
        }
    }

    private void CheckObject(JsonObject instance, JsonObject schema, string location, List<string> violations)
    {
        var properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (string name in required.Select(JsonValues.AsText))
            {
                if (!instance.ContainsKey(name) && !IsExemptFromRequired(properties?[name]))
                    violations.Add($"{PropertyLocation(location, name)}: required property is missing");
            }
        }

        var additional = schema["additionalProperties"];
        foreach (var (name, value) in instance)
        {
            if (properties is not null && properties.TryGetPropertyValue(name, out var propertySchema))
                Validate(value, propertySchema, PropertyLocation(location, name), violations);
            else if (JsonValues.Kind(additional) == JsonValueKind.False)
                violations.Add($"{PropertyLocation(location, name)}: property is not allowed (additionalProperties: false)");
            else if (additional is JsonObject)
                Validate(value, additional, PropertyLocation(location, name), violations);
        }
    }

    private bool IsExemptFromRequired(JsonNode? propertySchema)
    {
        var resolved = spec.Dereference(propertySchema, out _);
        string exemptingFlag = direction == MessageDirection.Request ? "readOnly" : "writeOnly";
        return JsonValues.IsTrue(resolved?[exemptingFlag]);
    }

    /// <summary>
    /// oneOf and anyOf both pass when at least one alternative matches. The DigitalOcean spec's
    /// oneOfs overlap (alternatives with no required properties match almost anything), so
    /// "exactly one" would report correct bodies. A discriminator, when present and its value
    /// is mapped, picks the single alternative to check, which gives precise messages.
    /// </summary>
    private void CheckAlternatives(JsonNode? instance, JsonObject schema, string keyword, string location, List<string> violations)
    {
        if (schema[keyword] is not JsonArray alternatives || alternatives.Count == 0)
            return;
        if (DiscriminatedReference(instance, schema, alternatives) is { } chosen)
        {
            ValidateReference(instance, chosen, location, violations);
            return;
        }

        List<string>? closest = null;
        JsonNode? closestAlternative = null;
        foreach (var alternative in alternatives)
        {
            var attempt = new List<string>();
            Validate(instance, alternative, location, attempt);
            if (attempt.Count == 0)
                return;
            if (closest is null || attempt.Count < closest.Count)
                (closest, closestAlternative) = (attempt, alternative);
        }
        string names = string.Join(", ", alternatives.Select(AlternativeName));
        violations.Add($"{location}: matches none of {keyword} [{names}]; closest is "
            + $"{AlternativeName(closestAlternative)}: {string.Join("; ", closest!)}");
    }

    private static string? DiscriminatedReference(JsonNode? instance, JsonObject schema, JsonArray alternatives)
    {
        if (schema["discriminator"] is not JsonObject discriminator
            || discriminator["propertyName"] is not JsonValue propertyName
            || instance is not JsonObject body
            || body[propertyName.ToString()] is not JsonValue tagNode
            || JsonValues.Kind(tagNode) != JsonValueKind.String)
            return null;

        string tag = tagNode.GetValue<string>();
        if (discriminator["mapping"]?[tag] is JsonValue mapped)
        {
            string target = mapped.ToString();
            return target.StartsWith('#') ? target : $"#/components/schemas/{target}";
        }
        // Without a mapping entry, OpenAPI matches the tag against the alternatives' schema names.
        return alternatives.Select(a => a?["$ref"]?.ToString())
            .FirstOrDefault(r => r is not null && r.EndsWith($"/{tag}", StringComparison.Ordinal));
    }

    private static string AlternativeName(JsonNode? alternative)
    {
        if (alternative?["$ref"] is JsonValue reference)
            return reference.ToString()[(reference.ToString().LastIndexOf('/') + 1)..];
        if (alternative?["title"] is JsonValue title)
            return $"'{title}'";
        int index = alternative?.Parent is JsonArray siblings ? siblings.IndexOf(alternative) : -1;
        return $"#{index}";
    }

    private static decimal? ReadNumber(JsonObject schema, string keyword) =>
        JsonValues.TryGetNumber(schema[keyword], out decimal value) ? value : null;

    private static string PropertyLocation(string parent, string name) =>
        IdentifierPattern().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'")}']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    private sealed class ReferencePairComparer : IEqualityComparer<(JsonObject Schema, JsonNode? Instance)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((JsonObject Schema, JsonNode? Instance) x, (JsonObject Schema, JsonNode? Instance) y) =>
            ReferenceEquals(x.Schema, y.Schema) && ReferenceEquals(x.Instance, y.Instance);

        public int GetHashCode((JsonObject Schema, JsonNode? Instance) pair) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(pair.Schema), pair.Instance is null ? 0 : RuntimeHelpers.GetHashCode(pair.Instance));
    }
}
