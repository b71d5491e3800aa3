using System.Text.Json;

namespace SwarmTools.Sandbox.Middleware;

/// <summary>
/// The scopes a /v2 request needs, as the spec's `security` lists them: `&lt;resource&gt;:read` for
/// GET, `:create` for POST, `:update` for PUT and for changing a firewall's parts, `:delete` for
/// DELETE. Droplet requests also need the scopes of what they carry (DigitalOcean's "associated
/// scopes"): a list by tag needs tag:read, and a create with tags, SSH keys or a VPC needs
/// tag:create, ssh_key:read or vpc:read. api:read grants every read, api:write everything.
/// </summary>
public static class Scopes
{
    public const string AllReads = "api:read";
    public const string Everything = "api:write";

    public static IReadOnlySet<string> Normalize(IEnumerable<string> scopes) =>
        scopes.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).ToHashSet();

    public static bool Grants(IReadOnlySet<string> held, string needed) =>
        held.Contains(Everything) || held.Contains(needed) || (needed.EndsWith(":read", StringComparison.Ordinal) && held.Contains(AllReads));

    /// <summary>Needed scopes for a request; the body is read only for a droplet create.</summary>
    public static IReadOnlyList<string> Needed(string method, string path, IQueryCollection query, JsonElement? body)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries); // v2, resource, id, sub
        if (segments.Length < 2)
            return [];
        var resource = segments[1] switch
        {
            "account" when segments.Length > 2 && segments[2] == "keys" => "ssh_key",
            "account" => "account",
            "droplets" when segments.Length > 3 && segments[3] == "firewalls" => "firewall",
            "droplets" => "droplet",
            "firewalls" => "firewall",
            "images" => "image",
            "tags" => "tag",
            "vpcs" => "vpc",
            var other => other, // regions, sizes, actions
        };
        var isPart = segments.Length > (resource == "ssh_key" ? 4 : 3);
        var verb = method.ToUpperInvariant() switch
        {
            "GET" => "read",
            "PUT" or "PATCH" => "update",
            "POST" or "DELETE" when isPart && resource is "firewall" or "droplet" => "update",
            "POST" => "create",
            "DELETE" => "delete",
            _ => "read",
        };
        var needed = new List<string> { $"{resource}:{verb}" };
        if (resource == "sizes")
            needed.Add("regions:read");
        if (resource == "droplet" && verb == "read" && query.ContainsKey("tag_name"))
            needed.Add("tag:read");
        if (resource == "droplet" && verb == "create" && body is { ValueKind: JsonValueKind.Object } create)
        {
            if (Carries(create, "tags")) needed.Add("tag:create");
            if (Carries(create, "ssh_keys")) needed.Add("ssh_key:read");
            if (create.TryGetProperty("vpc_uuid", out var vpc) && vpc.ValueKind == JsonValueKind.String) needed.Add("vpc:read");
        }
        return needed;
    }

    private static bool Carries(JsonElement body, string list) =>
        body.TryGetProperty(list, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0;
}
