using System.Text.Json.Nodes;

namespace SwarmTools.Contract;

/// <summary>
/// Facts read out of the OpenAPI description for tests that hold the module and the sandbox to
/// it: which response fields may be null, and a schema's own keywords (a pattern, a maxLength).
/// </summary>
public sealed class SpecFacts
{
    private const int MaxDepth = 12;
    private readonly SpecDocument _spec;

    private SpecFacts(SpecDocument spec) => _spec = spec;

    public static SpecFacts Load(string specPath)
    {
        using var reader = new StreamReader(specPath);
        if (YamlToJson.Convert(reader) is not JsonObject root)
            throw new InvalidDataException($"{specPath}: the document is not a mapping");
        return new SpecFacts(new SpecDocument(root));
    }

    internal SpecDocument Document => _spec;

    /// <summary>
    /// The fields marked nullable in the 2xx JSON answers of one operation, as paths from the
    /// body ("$.firewalls[].inbound_rules"), through allOf/oneOf/anyOf and $ref.
    /// </summary>
    public IReadOnlyList<string> NullableResponseFields(string method, string pathTemplate)
    {
        var operation = _spec.Paths?[pathTemplate]?[method.ToLowerInvariant()] as JsonObject
            ?? throw new ArgumentException($"the spec has no operation {method} {pathTemplate}");
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (status, response) in operation["responses"] as JsonObject ?? [])
        {
            if (!status.StartsWith('2'))
                continue;
            var schema = Resolve(response)?["content"]?["application/json"]?["schema"];
            Walk(schema, "$", 0, found);
        }
        return found.ToList();
    }

    /// <summary>A property of a component schema ("droplet_multi_create", "names[]") after $ref and allOf.</summary>
    public JsonObject Property(string component, string path)
    {
        JsonObject? current = Resolve(_spec.Root["components"]?["schemas"]?[component]);
        foreach (var step in path.Split('.'))
        {
            var items = step.EndsWith("[]", StringComparison.Ordinal);
            var name = items ? step[..^2] : step;
            current = FindProperty(current, name, 0) ?? throw new ArgumentException($"{component} has no property {path}");
            if (items)
                current = Resolve(current["items"]) ?? throw new ArgumentException($"{component}.{path} is not an array");
        }
        return current!;
    }

    private JsonObject? FindProperty(JsonObject? schema, string name, int depth)
    {
        if (schema is null || depth > MaxDepth)
            return null;
        if (schema["properties"]?[name] is { } property)
            return Resolve(property);
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            foreach (var part in schema[combinator] as JsonArray ?? [])
                if (FindProperty(Resolve(part), name, depth + 1) is { } inPart)
                    return inPart;
        return null;
    }

    private void Walk(JsonNode? node, string path, int depth, ISet<string> found)
    {
        var schema = Resolve(node);
        if (schema is null || depth > MaxDepth)
            return;
        if (schema["nullable"]?.GetValue<bool>() == true || (schema["type"] is JsonArray types && types.Any(t => t?.ToString() == "null")))
            found.Add(path);
        foreach (var combinator in new[] { "allOf", "oneOf", "anyOf" })
            foreach (var part in schema[combinator] as JsonArray ?? [])
                Walk(part, path, depth + 1, found);
        foreach (var (name, property) in schema["properties"] as JsonObject ?? [])
            Walk(property, $"{path}.{name}", depth + 1, found);
        if (schema["items"] is { } items)
            Walk(items, path + "[]", depth + 1, found);
    }

    private JsonObject? Resolve(JsonNode? node) => _spec.Dereference(node, out _);
}
