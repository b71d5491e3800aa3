using System.Globalization;
using System.Text.Json.Nodes;

namespace SwarmTools.Contract;

/// <summary>
/// Checks path and query parameters against the operation's declared parameters. Values arrive
/// as text, so each is first converted to the JSON type its schema declares; a value that will
/// not convert stays a string and the schema check then reports it (<c>"abc" is not of type integer</c>).
/// Header and cookie parameters are not seen by the contract test and are not checked.
/// </summary>
internal sealed class ParameterChecker(SpecDocument spec, StringFormats formats)
{
    public void Check(JsonObject pathItem, JsonObject operation, PathMatch match, string? query, List<string> violations)
    {
        var declared = DeclaredParameters(pathItem, operation, violations);
        var validator = new SchemaValidator(spec, formats, MessageDirection.Request);
        CheckPath(declared, match, validator, violations);
        CheckQuery(declared, query, validator, violations);
    }

    private void CheckPath(Dictionary<(string In, string Name), JsonObject> declared, PathMatch match,
        SchemaValidator validator, List<string> violations)
    {
        foreach (var (name, value) in match.Parameters)
        {
            if (declared.TryGetValue(("path", name), out var parameter))
                validator.Validate(ToJson([value], parameter), parameter["schema"], $"path.{name}", violations);
        }
    }

    private void CheckQuery(Dictionary<(string In, string Name), JsonObject> declared, string? query,
        SchemaValidator validator, List<string> violations)
    {
        var queryValues = QueryString.Parse(query);
        var queryNames = declared.Keys.Where(key => key.In == "query").Select(key => key.Name).ToList();
        foreach (var (name, values) in queryValues)
        {
            string location = $"query.{name}";
            if (!declared.TryGetValue(("query", name), out var parameter))
            {
                string known = queryNames.Count == 0 ? "none" : string.Join(", ", queryNames);
                violations.Add($"{location}: unknown query parameter (declared: {known})");
                continue;
            }
            var schema = spec.Dereference(parameter["schema"], out _);
            if (values.Count > 1 && !IsArray(schema))
                violations.Add($"{location}: given {values.Count} times but is not an array");
            else
                validator.Validate(ToJson(values, parameter), parameter["schema"], location, violations);
        }

        foreach (string name in queryNames)
        {
            if (!queryValues.ContainsKey(name) && JsonValues.IsTrue(declared[("query", name)]["required"]))
                violations.Add($"query.{name}: required query parameter is missing");
        }
    }

    /// <summary>Operation parameters override path-item ones with the same name and location.</summary>
    private Dictionary<(string In, string Name), JsonObject> DeclaredParameters(
        JsonObject pathItem, JsonObject operation, List<string> violations)
    {
        var declared = new Dictionary<(string In, string Name), JsonObject>();
        foreach (var list in new[] { pathItem["parameters"], operation["parameters"] })
        {
            foreach (var entry in list as JsonArray ?? [])
            {
                var parameter = spec.Dereference(entry, out string? error);
                if (parameter is null)
                    violations.Add($"spec error: {error}");
                else if (parameter["in"] is JsonValue location && parameter["name"] is JsonValue name)
                    declared[(location.ToString(), name.ToString())] = parameter;
            }
        }
        return declared;
    }

    private JsonNode? ToJson(List<string> values, JsonObject parameter)
    {
        var schema = spec.Dereference(parameter["schema"], out _);
        if (!IsArray(schema))
            return Convert(values[0], schema);

        // Form style: repeated names (explode, the default) or one comma-separated value.
        var itemSchema = spec.Dereference(schema?["items"], out _);
        bool explode = parameter["explode"] is null || JsonValues.IsTrue(parameter["explode"]);
        var items = explode ? values : values.SelectMany(value => value.Split(','));
        return new JsonArray(items.Select(item => Convert(item, itemSchema)).ToArray());
    }

    private static JsonNode? Convert(string text, JsonObject? schema) => PrimaryType(schema) switch
    {
        "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long whole) => whole,
        "number" when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal real) => real,
        "boolean" when text is "true" or "false" => text == "true",
        _ => text,
    };

    private static bool IsArray(JsonObject? schema) => PrimaryType(schema) == "array";

    // A 3.1 parameter may say type: [integer, "null"]; a query value is never null.
    private static string? PrimaryType(JsonObject? schema) =>
        schema is null ? null : SchemaValidator.DeclaredTypes(schema).FirstOrDefault(type => type != "null");
}
