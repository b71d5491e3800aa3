using System.Text.Json.Serialization;

namespace SwarmTools.Sandbox.Wire;

/// <summary>Spec schema `tags`.</summary>
public sealed record WireTag(string Name, WireTagResources Resources);

/// <summary>Spec schema `tags_metadata`: a count and the last tagged resource.</summary>
public sealed record WireTagCount(
    int Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastTaggedUri);

/// <summary>The `resources` member of a tag.</summary>
public sealed record WireTagResources(
    int Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastTaggedUri,
    WireTagCount Droplets,
    WireTagCount Images,
    WireTagCount Volumes,
    WireTagCount VolumeSnapshots,
    WireTagCount Databases);
