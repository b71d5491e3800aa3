using System.Text.Json.Serialization;

namespace SwarmTools.Sandbox.Wire;

/// <summary>`links.pages` of a list; absent members mean "no such page".</summary>
public sealed record WirePageUrls(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? First,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Last);

/// <summary>`links` of a list that spans several pages.</summary>
public sealed record WirePageLinks(WirePageUrls Pages);

/// <summary>`meta` of a list.</summary>
public sealed record WireMeta(int Total);

/// <summary>One entry of `links.actions` in a droplet create answer.</summary>
public sealed record WireActionLink(long Id, string Rel, string Href);

/// <summary>`links` of a droplet create answer.</summary>
public sealed record WireCreateLinks(IReadOnlyList<WireActionLink> Actions);
