using System.Text.Json.Nodes;

namespace SwarmTools.Contract;

/// <summary>
/// The parsed OpenAPI document plus local <c>$ref</c> resolution. Only same-document
/// references (<c>#/...</c>) are supported: the DigitalOcean spec is bundled into one file.
/// </summary>
internal sealed class SpecDocument
{
    private readonly Dictionary<string, JsonNode?> _pointerCache = new(StringComparer.Ordinal);

    public SpecDocument(JsonObject root)
    {
        Root = root;
        Version = root["openapi"]?.ToString()
            ?? throw new InvalidDataException("not an OpenAPI document: no 'openapi' field");
        if (!Version.StartsWith("3.", StringComparison.Ordinal))
            throw new InvalidDataException($"OpenAPI {Version} is not supported (3.0 and 3.1 are)");
    }

    public JsonObject Root { get; }

    public string Version { get; }

    /// <summary>3.1 lets <c>$ref</c> have sibling keywords; 3.0 says siblings are ignored.</summary>
    public bool RefSiblingsApply => Version.StartsWith("3.1", StringComparison.Ordinal);

    public JsonObject? Paths => Root["paths"] as JsonObject;

    /// <summary>
    /// Follows a chain of <c>$ref</c> objects (a ref to a ref ...) to the first object that is not a
    /// reference. Returns null and an error for a dangling, external or cyclic reference.
    /// </summary>
    public JsonObject? Dereference(JsonNode? node, out string? error)
    {
        error = null;
        var seen = new List<string>();
        while (node is JsonObject obj && obj["$ref"] is JsonValue refValue)
        {
            string reference = refValue.ToString();
            if (seen.Contains(reference))
            {
                error = $"cyclic $ref {string.Join(" -> ", seen)} -> {reference}";
                return null;
            }
            seen.Add(reference);
            node = ResolvePointer(reference, out error);
            if (error is not null)
                return null;
        }
        return node as JsonObject;
    }

    /// <summary>Resolves a <c>$ref</c> string, following any further refs it lands on.</summary>
    public JsonObject? Dereference(string reference, out string? error)
    {
        var target = ResolvePointer(reference, out error);
        return error is null ? Dereference(target, out error) : null;
    }

    /// <summary>Resolves one <c>#/a/b~1c</c> JSON pointer, without following further refs.</summary>
    public JsonNode? ResolvePointer(string reference, out string? error)
    {
        error = null;
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            error = $"$ref {reference} is not a local reference";
            return null;
        }
        if (_pointerCache.TryGetValue(reference, out var cached))
            return cached;

        JsonNode? current = Root;
        foreach (string rawToken in reference[2..].Split('/'))
        {
            string token = Uri.UnescapeDataString(rawToken).Replace("~1", "/").Replace("~0", "~");
            current = current switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when int.TryParse(token, out int index) && index >= 0 && index < array.Count => array[index],
                _ => null,
            };
            if (current is null)
            {
                error = $"$ref {reference} does not resolve";
                return null;
            }
        }
        _pointerCache[reference] = current;
        return current;
    }
}
