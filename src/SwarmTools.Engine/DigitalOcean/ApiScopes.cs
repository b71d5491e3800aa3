using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace SwarmTools.Engine.DigitalOcean;

/// <summary>
/// The scopes a custom-scoped token needs for each request the module sends (DigitalOcean's
/// API reference, "security" of each operation, plus the associated scopes its description,
/// query and body name). A 403 does not say which scope is missing, so the client names them
/// from here. The sandbox's table is generated from the spec instead, so a mistake here shows.
/// </summary>
public static class ApiScopes
{
    /// <summary>Scopes for <paramref name="method"/> on <paramref name="pathAndQuery"/> (e.g. "/v2/droplets?tag_name=x").</summary>
    public static IReadOnlyList<string> For(string method, string pathAndQuery, string? body = null)
    {
        var q = pathAndQuery.IndexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery.Substring(0, q);
        var query = q < 0 ? "" : pathAndQuery.Substring(q + 1);
        // From "v2" on, whatever prefix the base URL has.
        var segments = path.Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries).SkipWhile(s => s != "v2").ToArray();
        if (segments.Length < 2) return Array.Empty<string>();
        var resource = segments[1] switch
        {
            "account" when segments.Length > 2 && segments[2] == "keys" => "ssh_key",
            "droplets" when segments.Length > 3 && segments[3] == "firewalls" => "firewall",
            "droplets" => "droplet",
            "firewalls" => "firewall",
            "images" => "image",
            "tags" => "tag",
            "vpcs" => "vpc",
            var other => other,
        };
        var isPart = segments.Length > (resource == "ssh_key" ? 4 : 3);
        var verb = method.ToUpperInvariant() switch
        {
            "GET" => "read",
            "PUT" => "update",
            "POST" when isPart && (resource == "firewall" || resource == "droplet") => "update",
            "DELETE" when isPart && (resource == "firewall" || resource == "droplet") => "update",
            "POST" => "create",
            "DELETE" => "delete",
            _ => "read",
        };
        var scopes = new List<string> { $"{resource}:{verb}" };
        if (resource == "sizes") scopes.Add("regions:read");
        if (resource == "tag" && isPart && verb == "create") scopes.Add("droplet:update"); // tagging a droplet updates it (the spec's tag description)
        var byTag = query.Split('&').Any(p => p.StartsWith("tag_name=", StringComparison.Ordinal));
        if (resource == "droplet" && (verb == "read" || verb == "delete") && byTag) scopes.Add("tag:read");
        if (resource == "droplet" && verb == "create" && body != null) scopes.AddRange(CarriedBy(body));
        if (resource == "firewall" && !isPart && (verb == "create" || verb == "update") && body != null && Has(body, "droplet_ids")) scopes.Add("droplet:read");
        return scopes;
    }

    // The image is read (image:read), tags are created on the fly (tag:create), keys are looked up
    // (ssh_key:read), a VPC is read (vpc:read).
    private static IEnumerable<string> CarriedBy(string body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Array.Empty<string>();
        var carried = new List<string>();
        if (root.TryGetProperty("image", out var image) && image.ValueKind != JsonValueKind.Null) carried.Add("image:read");
        if (Has(body, "tags")) carried.Add("tag:create");
        if (Has(body, "ssh_keys")) carried.Add("ssh_key:read");
        if (root.TryGetProperty("vpc_uuid", out var vpc) && vpc.ValueKind == JsonValueKind.String) carried.Add("vpc:read");
        return carried;
    }

    private static bool Has(string body, string list)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(list, out var v)
            && v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0;
    }
}
