using System.Text.Json;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// The scopes a /v2 request needs, from the table generated out of the spec (<see cref="SpecScopes"/>):
/// the operation's own `security` scopes, plus those a query parameter or a body property adds when
/// present (DigitalOcean's "associated scopes": a list by tag needs tag:read, a droplet create with
/// tags needs tag:create). api:read grants every read, api:write everything.
/// </summary>
public static class Scopes
{
    public const string AllReads = "api:read";
    public const string Everything = "api:write";

    public static IReadOnlySet<string> Normalize(IEnumerable<string> scopes) =>
        scopes.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).ToHashSet();

    public static bool Grants(IReadOnlySet<string> held, string needed) =>
        held.Contains(Everything) || held.Contains(needed) || (needed.EndsWith(":read", StringComparison.Ordinal) && held.Contains(AllReads));

    /// <summary>Needed scopes for a request (none for a path the spec does not know: it is answered 404 anyway).</summary>
    public static IReadOnlyList<string> Needed(string method, string path, IQueryCollection query, JsonElement? body) =>
        Parts(method, path, query, body).SelectMany(p => p.Scopes).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The parts of a request and the scopes each needs: "" for the operation itself, "?name" for
    /// a query parameter, the property's name for a body property.
    /// </summary>
    public static IReadOnlyList<PartScopes> Parts(string method, string path, IQueryCollection query, JsonElement? body)
    {
        if (SpecScopes.Find(method, path.TrimEnd('/')) is not { } operation)
            return [];
        var parts = new List<PartScopes> { new("", operation.Scopes) };
        parts.AddRange(operation.Query.Where(q => query.ContainsKey(q.Name)).Select(q => q with { Name = "?" + q.Name }));
        if (body is { ValueKind: JsonValueKind.Object } json)
            parts.AddRange(operation.Body.Where(p => Carries(json, p.Name)));
        return parts;
    }

    // Present and not empty: an empty list or string carries nothing to check.
    private static bool Carries(JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.Array => value.GetArrayLength() > 0,
            JsonValueKind.String => value.GetString() is { Length: > 0 },
            _ => true,
        };
}
