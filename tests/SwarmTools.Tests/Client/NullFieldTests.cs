using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using SwarmTools.Engine.DigitalOcean;
using SwarmTools.Engine.DigitalOcean.Models;
using SwarmTools.Tests.Support;

namespace SwarmTools.Tests.Client;

/// <summary>
/// Every field the spec marks nullable in an answer the module reads is fed as null: a list reads
/// as empty, anything else must be a nullable member. The fields come from the spec, the members
/// from the module's models.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NullFieldTests
{
    // The operations the module sends (the services under src/SwarmTools.Engine/DigitalOcean/Services).
    private static readonly (string Method, string Path)[] Operations =
    [
        ("GET", "/v2/droplets"), ("POST", "/v2/droplets"), ("GET", "/v2/droplets/{droplet_id}"),
        ("GET", "/v2/droplets/{droplet_id}/actions"), ("GET", "/v2/actions/{action_id}"),
        ("GET", "/v2/regions"), ("GET", "/v2/sizes"), ("GET", "/v2/images"), ("GET", "/v2/images/{image_id}"),
        ("GET", "/v2/vpcs"), ("GET", "/v2/vpcs/{vpc_id}"), ("GET", "/v2/account"),
        ("GET", "/v2/tags"), ("POST", "/v2/tags"),
        ("GET", "/v2/account/keys"), ("POST", "/v2/account/keys"), ("GET", "/v2/account/keys/{ssh_key_identifier}"),
        ("GET", "/v2/firewalls"), ("POST", "/v2/firewalls"), ("GET", "/v2/firewalls/{firewall_id}"), ("PUT", "/v2/firewalls/{firewall_id}"),
    ];

    // The envelope of each answer and the model the module reads it into.
    private static readonly Dictionary<string, Type> Envelopes = new()
    {
        ["droplets"] = typeof(Droplet), ["droplet"] = typeof(Droplet), ["actions"] = typeof(DropletAction), ["action"] = typeof(DropletAction),
        ["regions"] = typeof(Region), ["sizes"] = typeof(Size), ["images"] = typeof(Image), ["image"] = typeof(Image),
        ["vpcs"] = typeof(Vpc), ["vpc"] = typeof(Vpc), ["account"] = typeof(Account), ["tags"] = typeof(Tag), ["tag"] = typeof(Tag),
        ["ssh_keys"] = typeof(SshKey), ["ssh_key"] = typeof(SshKey), ["firewalls"] = typeof(Firewall), ["firewall"] = typeof(Firewall),
    };

    private static readonly NullabilityInfoContext Nullability = new();

    [SkippableFact]
    public void Every_nullable_field_the_module_reads_is_read_from_null_as_empty_or_as_a_nullable_member()
    {
        var facts = Spec.Facts;
        var read = new SortedSet<string>();
        var failures = new List<string>();
        foreach (var (method, path) in Operations)
            foreach (var field in facts.NullableResponseFields(method, path))
            {
                var steps = field.Split('.').Skip(1).Select(s => s.TrimEnd('[', ']')).ToArray(); // "$.firewalls[].tags" -> firewalls, tags
                if (!Envelopes.TryGetValue(steps[0], out var model) || steps.Length < 2)
                    continue;
                if (Member(model, steps[1..]) is not { } member)
                    continue; // the module does not read it
                read.Add($"{model.Name}.{string.Join(".", steps[1..])}");
                if (Check(model, steps[1..], member) is { } failure)
                    failures.Add($"{method} {path} {field}: {failure}");
            }

        Assert.Empty(failures);
        // Positive control: the walk found the nullable fields the module is known to read.
        Assert.Contains("Firewall.inbound_rules", read);
        Assert.Contains("Firewall.outbound_rules", read);
        Assert.Contains("Firewall.droplet_ids", read);
        Assert.Contains("Firewall.tags", read);
        Assert.Contains("Image.slug", read);
        Assert.Contains("DropletAction.resource_id", read);
    }

    [Fact]
    public void A_null_list_inside_a_list_reads_as_empty_and_requests_still_leave_nulls_out()
    {
        var firewall = JsonSerializer.Deserialize<Firewall>("""{"inbound_rules":[{"protocol":"tcp","ports":"22","sources":{"addresses":null}}],"tags":null}""", ApiJson.Options)!;
        Assert.Empty(firewall.Tags);
        Assert.Empty(firewall.InboundRules[0].Sources.Addresses!);
        var written = JsonSerializer.Serialize(new RuleEndpoints { Tags = ["a"] }, ApiJson.Options);
        Assert.Equal("""{"tags":["a"]}""", written);
    }

    /// <summary>The model member a JSON path reaches ("inbound_rules"), or null when the module has none.</summary>
    private static PropertyInfo? Member(Type model, string[] steps)
    {
        PropertyInfo? member = null;
        var type = model;
        foreach (var step in steps)
        {
            member = type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == step);
            if (member is null)
                return null;
            type = ItemType(member.PropertyType) ?? member.PropertyType;
        }
        return member;
    }

    /// <summary>Reads {"a":{"b":null}} into the model the way the client does, and checks what the member became.</summary>
    private static string? Check(Type model, string[] steps, PropertyInfo member)
    {
        JsonNode? body = null; // the leaf: null
        for (var i = steps.Length - 1; i >= 0; i--)
        {
            var level = new JsonObject { [steps[i]] = body };
            // Under a list, the object is one item of an array.
            body = i > 0 && ItemType(Member(model, steps[..i])!.PropertyType) is not null ? new JsonArray(level) : level;
        }
        object? value;
        try
        {
            value = JsonSerializer.Deserialize(body!.ToJsonString(), model, ApiJson.Options);
        }
        catch (JsonException e)
        {
            return "reading it failed: " + e.Message;
        }
        foreach (var step in steps)
        {
            var property = value!.GetType().GetProperties().First(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name) == step);
            value = property.GetValue(value);
            if (ItemType(property.PropertyType) is not null && step != steps[^1])
                value = ((IList)value!)[0];
        }
        if (ItemType(member.PropertyType) is not null)
            return value is IList { Count: 0 } ? null : $"the list {member.DeclaringType!.Name}.{member.Name} reads as {(value is null ? "null" : "not empty")}, not empty";
        var nullable = Nullable.GetUnderlyingType(member.PropertyType) is not null
            || (!member.PropertyType.IsValueType && Nullability.Create(member).ReadState == NullabilityState.Nullable);
        return nullable ? null : $"{member.DeclaringType!.Name}.{member.Name} is not nullable but reads as null";
    }

    private static Type? ItemType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
}
