using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace SwarmTools.Engine.DigitalOcean.Models;

/// <summary>Body of POST /v2/droplets for several names (at most 10 per call).</summary>
public sealed class DropletCreateRequest
{
    public const int MaxNames = 10;

    public List<string> Names { get; set; } = new List<string>();
    public string Region { get; set; } = "";
    public string Size { get; set; } = "";
    /// <summary>A slug, or an id (sent as a number).</summary>
    [JsonConverter(typeof(IdOrSlugConverter))]
    public string Image { get; set; } = "";
    /// <summary>Key ids (sent as numbers) or MD5 fingerprints.</summary>
    [JsonConverter(typeof(IdsOrSlugsConverter))]
    public List<string> SshKeys { get; set; } = new List<string>();
    public List<string> Tags { get; set; } = new List<string>();
    public string? UserData { get; set; }
    public string? VpcUuid { get; set; }
    public bool Monitoring { get; set; }
}

/// <summary>The create response: the droplets and their create actions (links.actions).</summary>
public sealed class DropletCreateResult
{
    public DropletCreateResult(IReadOnlyList<Droplet> droplets, IReadOnlyList<ActionLink> actions)
    {
        Droplets = droplets;
        Actions = actions;
    }

    public IReadOnlyList<Droplet> Droplets { get; }
    public IReadOnlyList<ActionLink> Actions { get; }
}

public sealed class ActionLink
{
    public long Id { get; set; }
    public string Rel { get; set; } = "";
    public string Href { get; set; } = "";
}
