using System.Collections.Generic;

namespace SwarmTools.Engine.DigitalOcean.Models;

public sealed class Region
{
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public bool Available { get; set; }
    public List<string> Sizes { get; set; } = new List<string>();
    public List<string> Features { get; set; } = new List<string>();
}

public sealed class Size
{
    public string Slug { get; set; } = "";
    public int Memory { get; set; }
    public int Vcpus { get; set; }
    public int Disk { get; set; }
    public decimal PriceMonthly { get; set; }
    public bool Available { get; set; }
    public List<string> Regions { get; set; } = new List<string>();
    public string? Description { get; set; }
}

public sealed class Image
{
    public long Id { get; set; }
    public string? Slug { get; set; }
    public string Name { get; set; } = "";
    public string? Distribution { get; set; }
    public string? Type { get; set; }
    /// <summary>Not a way to tell 1-Click images: they are whatever ?type=application lists.</summary>
    public bool Public { get; set; }
    public List<string> Regions { get; set; } = new List<string>();
    public string? CreatedAt { get; set; }
    /// <summary>GB of disk a droplet needs for this image; null when the API does not say.</summary>
    public int? MinDiskSize { get; set; }
    /// <summary>available, or for custom images NEW, pending, deleted, retired.</summary>
    public string? Status { get; set; }
}

public sealed class Vpc
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Region { get; set; } = "";
    public string IpRange { get; set; } = "";
    public bool Default { get; set; }
}

public sealed class Account
{
    public int DropletLimit { get; set; }
    public string Email { get; set; } = "";
    public string Status { get; set; } = "";
    public string? StatusMessage { get; set; }
}

public sealed class Tag
{
    public string Name { get; set; } = "";
}

public sealed class SshKey
{
    public long Id { get; set; }
    public string Fingerprint { get; set; } = "";
    public string PublicKey { get; set; } = "";
    public string Name { get; set; } = "";
}

public sealed class DropletAction
{
    public long Id { get; set; }
    /// <summary>in-progress | completed | errored.</summary>
    public string Status { get; set; } = "";
    public string Type { get; set; } = "";
    public long? ResourceId { get; set; }
}
